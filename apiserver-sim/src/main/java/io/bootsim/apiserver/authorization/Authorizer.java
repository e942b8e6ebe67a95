package io.bootsim.apiserver.authorization;

import java.util.Optional;

/** One authorization mode (AlwaysAllow, AlwaysDeny, ABAC, RBAC, Node) or their union. */
public interface Authorizer {

    Decision authorize(Attributes attributes);

    /** The mode's name as --authorization-mode spells it, for the trace. */
    String name();

    /**
     * The klog line the real authorizer writes for this verdict, if any (RBAC's "no opinion" line).
     * Returned, never printed: the server decides whether its -v level shows it.
     */
    default Optional<KlogLine> logLine(Attributes attributes, Decision decision) {
        return Optional.empty();
    }
}
