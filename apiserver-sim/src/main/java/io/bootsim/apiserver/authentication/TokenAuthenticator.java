package io.bootsim.apiserver.authentication;

/** Authenticates a bearer token (k8s.io/apiserver pkg/authentication/authenticator.Token). */
public interface TokenAuthenticator {

    AuthenticationResult authenticateToken(String token);

    /** The authenticator's name in the trace, e.g. "token-file" or "bootstrap-token". */
    String name();
}
