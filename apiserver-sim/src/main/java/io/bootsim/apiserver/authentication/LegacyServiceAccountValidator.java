package io.bootsim.apiserver.authentication;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.serviceaccount.LegacyTokenClaims;
import io.bootsim.core.serviceaccount.ServiceAccountUser;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The claims of a Secret-based token: all four present and the subject naming the same account;
 * with --service-account-lookup (the default) the Secret must still exist, not be deleting and
 * hold this very token, and the account must exist with the UID the token names. Deleting the
 * token Secret therefore revokes the token.
 */
// upstream: pkg/serviceaccount/legacy.go legacyValidator
public final class LegacyServiceAccountValidator implements ServiceAccountTokenAuthenticator.Validator {

    private final boolean lookup;
    private final ServiceAccountTokenGetter getter;

    public LegacyServiceAccountValidator(boolean lookup, ServiceAccountTokenGetter getter) {
        this.lookup = lookup;
        this.getter = getter;
    }

    @Override
    public AuthenticationResult validate(String token, ObjectNode payload) {
        LegacyTokenClaims claims = LegacyTokenClaims.of(payload);
        String subject = payload.path("sub").asText("");
        if (subject.isEmpty()) {
            return failed("sub claim is missing");
        }
        if (claims.namespace().isEmpty()) {
            return failed("namespace claim is missing");
        }
        if (claims.secretName().isEmpty()) {
            return failed("secretName claim is missing");
        }
        if (claims.serviceAccountName().isEmpty()) {
            return failed("serviceAccountName claim is missing");
        }
        if (claims.serviceAccountUid().isEmpty()) {
            return failed("serviceAccountUID claim is missing");
        }
        ServiceAccountUser user = new ServiceAccountUser(claims.namespace(), claims.serviceAccountName());
        if (!ServiceAccountUser.parse(subject).equals(Optional.of(user))) {
            return failed("sub claim is invalid");
        }
        if (lookup) {
            Optional<ObjectNode> secret = getter.secret(claims.namespace(), claims.secretName());
            if (secret.isEmpty() || deleting(secret.get())) {
                return failed("Token has been invalidated");
            }
            if (!MessageDigest.isEqual(storedToken(secret.get()), token.getBytes(StandardCharsets.UTF_8))) {
                return failed("Token does not match server's copy");
            }
            Optional<ObjectNode> account = getter.serviceAccount(claims.namespace(), claims.serviceAccountName());
            if (account.isEmpty()) {
                return failed("serviceaccounts \"" + claims.serviceAccountName() + "\" not found");
            }
            if (deleting(account.get())) {
                return failed("ServiceAccount " + claims.namespace() + "/" + claims.serviceAccountName() + " has been deleted");
            }
            String uid = account.get().path("metadata").path("uid").asText("");
            if (!uid.equals(claims.serviceAccountUid())) {
                return failed("ServiceAccount UID (" + uid + ") does not match claim (" + claims.serviceAccountUid() + ")");
            }
        }
        return new AuthenticationResult.Authenticated(new UserInfo(user.username(), claims.serviceAccountUid(),
                user.groups(), Map.of()));
    }

    private static boolean deleting(ObjectNode object) {
        var deletion = object.path("metadata").path("deletionTimestamp");
        return !deletion.isMissingNode() && !deletion.isNull();
    }

    private static byte[] storedToken(ObjectNode secret) {
        String data = secret.path("data").path("token").asText("");
        try {
            return Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static AuthenticationResult failed(String error) {
        return new AuthenticationResult.Failed(error);
    }
}
