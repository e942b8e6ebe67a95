package io.bootsim.apiserver.authentication;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;

/**
 * kube-apiserver's service-account flags, loaded: the keys that verify tokens
 * (--service-account-key-file, else the --tls-private-key-file), whether a legacy token's Secret
 * and account must still exist (--service-account-lookup), and, when TokenRequest is served, the
 * issuers (the first one issues), the key that signs (--service-account-signing-key-file) and the
 * audiences a token must be bound to (--api-audiences, else the issuers).
 */
public record ServiceAccountOptions(List<PublicKey> verificationKeys, boolean lookup, List<String> issuers,
                                    Optional<PrivateKey> signingKey, List<String> apiAudiences) {

    public ServiceAccountOptions {
        verificationKeys = List.copyOf(verificationKeys);
        issuers = List.copyOf(issuers);
        apiAudiences = List.copyOf(apiAudiences);
    }

    /** No service-account authentication and no TokenRequest. */
    public static final ServiceAccountOptions NONE = new ServiceAccountOptions(List.of(), true, List.of(), Optional.empty(),
            List.of());

    /** Whether the serviceaccounts/token subresource is served: both an issuer and a signing key are configured. */
    public boolean tokenRequest() {
        return signingKey.isPresent() && !issuers.isEmpty();
    }
}
