package io.bootsim.apiserver.authentication;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.serviceaccount.ServiceAccountUser;
import io.bootsim.core.time.Clock;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The claims of a TokenRequest token: within its validity (exp, nbf, one minute of leeway as
 * go-jose allows), and the account under {@code kubernetes.io} still existing with the same UID,
 * as does the Secret the token is bound to, if any. Pod-bound tokens are not simulated.
 */
// upstream: pkg/serviceaccount/claims.go validator
public final class BoundServiceAccountValidator implements ServiceAccountTokenAuthenticator.Validator {

    private static final Duration LEEWAY = Duration.ofMinutes(1); // go-jose jwt.DefaultLeeway

    private final ServiceAccountTokenGetter getter;
    private final Clock clock;

    public BoundServiceAccountValidator(ServiceAccountTokenGetter getter, Clock clock) {
        this.getter = getter;
        this.clock = clock;
    }

    @Override
    public AuthenticationResult validate(String token, ObjectNode claims) {
        Instant now = clock.now();
        if (claims.has("exp") && now.isAfter(Instant.ofEpochSecond(claims.path("exp").asLong()).plus(LEEWAY))) {
            return failed("service account token has expired");
        }
        if (claims.has("nbf") && now.plus(LEEWAY).isBefore(Instant.ofEpochSecond(claims.path("nbf").asLong()))) {
            return failed("service account token is not valid yet");
        }
        Instant deletedBefore = now.minus(LEEWAY);
        var kubernetes = claims.path("kubernetes.io");
        String namespace = kubernetes.path("namespace").asText("");
        String name = kubernetes.path("serviceaccount").path("name").asText("");
        String uid = kubernetes.path("serviceaccount").path("uid").asText("");
        Optional<ObjectNode> account = getter.serviceAccount(namespace, name);
        if (account.isEmpty()) {
            return failed("serviceaccounts \"" + name + "\" not found");
        }
        if (deletedBefore(account.get(), deletedBefore)) {
            return failed("service account " + namespace + "/" + name + " has been deleted");
        }
        String storedUid = account.get().path("metadata").path("uid").asText("");
        if (!storedUid.equals(uid)) {
            return failed("service account UID (" + storedUid + ") does not match claim (" + uid + ")");
        }
        var secretRef = kubernetes.path("secret");
        if (!secretRef.isMissingNode()) {
            Optional<ObjectNode> secret = getter.secret(namespace, secretRef.path("name").asText(""));
            if (secret.isEmpty() || deletedBefore(secret.get(), deletedBefore)) {
                return failed("service account token has been invalidated");
            }
            String secretUid = secret.get().path("metadata").path("uid").asText("");
            if (!secretUid.equals(secretRef.path("uid").asText(""))) {
                return failed("secret UID (" + secretUid + ") does not match service account secret ref claim ("
                        + secretRef.path("uid").asText("") + ")");
            }
        }
        ServiceAccountUser user = new ServiceAccountUser(namespace, name);
        return new AuthenticationResult.Authenticated(new UserInfo(user.username(), uid, user.groups(), Map.of()));
    }

    private static boolean deletedBefore(ObjectNode object, Instant limit) {
        String deletion = object.path("metadata").path("deletionTimestamp").asText("");
        return !deletion.isEmpty() && Instant.parse(deletion).isBefore(limit);
    }

    private static AuthenticationResult failed(String error) {
        return new AuthenticationResult.Failed(error);
    }
}
