package io.bootsim.apiserver.authorization;

/** One authorization mode (AlwaysAllow, AlwaysDeny, ABAC, RBAC, Node) or their union. */
public interface Authorizer {

    Decision authorize(Attributes attributes);

    /** The mode's name as --authorization-mode spells it, for the trace. */
    String name();
}
