package io.bootsim.apiserver.authorization;

import java.util.Optional;

/** One authorization mode (AlwaysAllow, AlwaysDeny, ABAC, RBAC, Node) or their union. */
public interface Authorizer {

    Decision authorize(Attributes attributes);

    /** The mode's name as --authorization-mode spells it, for the trace. */
    String name();

    /**
     * True for the system:masters authorizer kube-apiserver adds on its own: the trace leaves out
     * its "no opinion", which no --authorization-mode asked for.
     */
    default boolean implicit() {
        return false;
    }

    /**
     * The klog line the real authorizer writes for this verdict, if any (RBAC's "no opinion" line).
     * Returned, never printed: the server decides whether its -v level shows it.
     */
    default Optional<KlogLine> logLine(Attributes attributes, Decision decision) {
        return Optional.empty();
    }
}
