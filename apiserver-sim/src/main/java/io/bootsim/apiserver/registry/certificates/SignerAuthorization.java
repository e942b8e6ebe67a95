package io.bootsim.apiserver.registry.certificates;

import io.bootsim.apiserver.authentication.UserInfo;
import io.bootsim.apiserver.authorization.Attributes;
import io.bootsim.apiserver.authorization.Authorizer;

/**
 * Whether a user may {@code approve} or {@code sign} for a signer: the verb on resource
 * {@code signers} in certificates.k8s.io (apiVersion "*") named after the signer, or else named
 * {@code <domain>/*}, where the domain is everything before the first "/".
 */
// upstream: plugin/pkg/admission/certificates/util.go IsAuthorizedForSignerName
final class SignerAuthorization {

    private SignerAuthorization() {
    }

    static boolean isAuthorized(Authorizer authorizer, UserInfo user, String verb, String signerName) {
        if (authorizer.authorize(signers(user, verb, signerName)).allowed()) {
            return true;
        }
        String domain = signerName.split("/", -1)[0];
        return authorizer.authorize(signers(user, verb, domain + "/*")).allowed();
    }

    private static Attributes signers(UserInfo user, String verb, String name) {
        return new Attributes(user, verb, true, "", "", Certificates.GROUP, "*", "signers", "", name);
    }
}
