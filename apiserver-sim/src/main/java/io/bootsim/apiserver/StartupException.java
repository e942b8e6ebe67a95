package io.bootsim.apiserver;

/** kube-apiserver refuses to start; the message is what the real binary prints after "Error: ". */
public final class StartupException extends Exception {

    private static final long serialVersionUID = 1L;

    public StartupException(String message) {
        super(message, null, false, false);
    }
}
