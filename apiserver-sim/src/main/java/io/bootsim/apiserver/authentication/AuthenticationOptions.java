package io.bootsim.apiserver.authentication;

import java.util.Optional;

/**
 * kube-apiserver's authentication flags, already loaded: --client-ca-file, --token-auth-file,
 * --enable-bootstrap-token-auth and --anonymous-auth.
 */
public record AuthenticationOptions(Optional<X509Authenticator> clientCertificates,
                                    Optional<TokenFile> tokenFile,
                                    Optional<BootstrapTokenAuthenticator> bootstrapTokens,
                                    boolean anonymousAuth) {
}
