package io.bootsim.apiserver.authorization.node;

import io.bootsim.apiserver.authentication.UserInfo;

import java.util.Optional;

/**
 * Who is a node (upstream: pkg/auth/nodeidentifier/default.go): a user named
 * {@code system:node:<name>} that is also in group {@code system:nodes}. The name may be empty.
 */
public final class NodeIdentity {

    public static final String USER_PREFIX = "system:node:";
    public static final String NODES_GROUP = "system:nodes";

    private NodeIdentity() {
    }

    /** The node name, or empty when the user is not a node at all. */
    public static Optional<String> nodeName(UserInfo user) {
        if (user == null || !user.name().startsWith(USER_PREFIX) || !user.groups().contains(NODES_GROUP)) {
            return Optional.empty();
        }
        return Optional.of(user.name().substring(USER_PREFIX.length()));
    }
}
