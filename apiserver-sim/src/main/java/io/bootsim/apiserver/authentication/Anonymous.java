package io.bootsim.apiserver.authentication;

import java.util.List;
import java.util.Map;

/**
 * The anonymous user ({@code --anonymous-auth}, default true), given to a request that no
 * authenticator claimed and none failed on.
 */
// upstream: staging/src/k8s.io/apiserver/pkg/authentication/request/anonymous/anonymous.go
public final class Anonymous {

    public static final UserInfo USER =
            new UserInfo(UserInfo.ANONYMOUS, "", List.of(UserInfo.UNAUTHENTICATED_GROUP), Map.of());

    /** Logged when --authorization-mode includes AlwaysAllow and anonymous auth is turned off. */
    public static final String ALWAYS_ALLOW_WARNING = "AnonymousAuth is not allowed with the AlwaysAllow authorizer."
            + " Resetting AnonymousAuth to false. You should use a different authorizer";

    private Anonymous() {
    }
}
