package io.bootsim.apiserver.authentication;

import java.util.List;
import java.util.Optional;

/**
 * kube-apiserver's authentication flags, already loaded: --client-ca-file, --token-auth-file, the
 * service-account token authenticators (--service-account-key-file and the issuers),
 * --enable-bootstrap-token-auth and --anonymous-auth.
 */
public record AuthenticationOptions(Optional<X509Authenticator> clientCertificates,
                                    Optional<TokenFile> tokenFile,
                                    List<ServiceAccountTokenAuthenticator> serviceAccountTokens,
                                    Optional<BootstrapTokenAuthenticator> bootstrapTokens,
                                    boolean anonymousAuth) {

    public AuthenticationOptions {
        serviceAccountTokens = List.copyOf(serviceAccountTokens);
    }
}
