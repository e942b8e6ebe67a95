package io.bootsim.apiserver.authentication;

/**
 * What one authenticator concluded, as upstream's {@code (response, ok, err)} triple: a user; nobody
 * and no error ("not mine", so the next authenticator or anonymous may still apply); or an error,
 * which makes the request a 401 unless another authenticator succeeds. Each carries its reason for
 * the trace (k8s.io/apiserver pkg/authentication/authenticator/interfaces.go).
 */
public sealed interface AuthenticationResult {

    record Authenticated(UserInfo user) implements AuthenticationResult {
    }

    /** Not authenticated, not an error; {@code reason} says why, for the trace only. */
    record NotAuthenticated(String reason) implements AuthenticationResult {
    }

    /** An authentication error, worded as upstream's error text (it appears in the apiserver log). */
    record Failed(String error) implements AuthenticationResult {
    }
}
