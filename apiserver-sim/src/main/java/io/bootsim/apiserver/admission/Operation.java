package io.bootsim.apiserver.admission;

/** admission.Operation: what a write does; upstream prints it upper-case in messages. */
public enum Operation {
    CREATE, UPDATE, DELETE, CONNECT
}
