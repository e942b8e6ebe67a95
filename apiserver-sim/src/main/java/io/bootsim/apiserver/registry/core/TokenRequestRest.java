package io.bootsim.apiserver.registry.core;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.validation.FieldError;
import io.bootsim.apiserver.validation.FieldPath;
import io.bootsim.apiserver.validation.GoValue;
import io.bootsim.apiserver.validation.InvalidError;
import io.bootsim.core.api.Json;
import io.bootsim.core.api.Status;
import io.bootsim.core.api.StatusException;
import io.bootsim.core.random.RandomStreams;
import io.bootsim.core.serviceaccount.ServiceAccountUser;
import io.bootsim.core.serviceaccount.TokenSigner;
import io.bootsim.core.time.Clock;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * {@code POST .../serviceaccounts/NAME/token}: a TokenRequest (authentication.k8s.io/v1) answered
 * with a signed, audience-bound, expiring token for the account. Audiences default to the API
 * audiences, the lifetime to an hour; less than ten minutes is invalid. The token names the
 * account's UID, so it dies with the account. Binding to a Pod, Secret or Node is not simulated.
 */
// upstream: pkg/registry/core/serviceaccount/storage/token.go, pkg/apis/authentication/validation
public final class TokenRequestRest {

    private static final long DEFAULT_EXPIRATION_SECONDS = 3600;
    private static final long MIN_EXPIRATION_SECONDS = 600;

    private final BiFunction<String, String, Optional<ObjectNode>> serviceAccounts;
    private final TokenSigner signer;
    private final String issuer;
    private final List<String> apiAudiences;
    private final Clock clock;
    private final SecureRandom random;

    /**
     * @param serviceAccounts looks a ServiceAccount up by namespace and name
     * @param issuer          the first --service-account-issuer, asserted as {@code iss}
     */
    public TokenRequestRest(BiFunction<String, String, Optional<ObjectNode>> serviceAccounts, TokenSigner signer,
                            String issuer, List<String> apiAudiences, Clock clock, RandomStreams random) {
        this.serviceAccounts = serviceAccounts;
        this.signer = signer;
        this.issuer = issuer;
        this.apiAudiences = List.copyOf(apiAudiences);
        this.clock = clock;
        this.random = random.stream("service-account-tokens");
    }

    /** The request with its defaults applied and the token in its status. */
    public ObjectNode create(String namespace, String name, ObjectNode request) {
        ObjectNode out = request.deepCopy();
        if (!out.with("metadata").has("creationTimestamp")) {
            out.with("metadata").putNull("creationTimestamp"); // Go's zero time, as the request's metadata is echoed
        }
        ObjectNode spec = out.with("spec");
        if (!spec.path("boundObjectRef").isMissingNode() && !spec.path("boundObjectRef").isNull()) {
            throw new StatusException(Status.badRequest("bootsim: tokens bound to a Pod, Secret or Node are not simulated"));
        }
        long seconds = spec.path("expirationSeconds").asLong(DEFAULT_EXPIRATION_SECONDS);
        spec.put("expirationSeconds", seconds);
        if (!spec.path("audiences").isArray() || spec.path("audiences").isEmpty()) {
            ArrayNode audiences = spec.putArray("audiences");
            apiAudiences.forEach(audiences::add);
        }
        FieldPath field = FieldPath.of("spec", "expirationSeconds");
        if (seconds < MIN_EXPIRATION_SECONDS) {
            InvalidError.throwIfAny("authentication.k8s.io", "TokenRequest", "", List.of(FieldError.invalid(field,
                    GoValue.integer(seconds), "may not specify a duration less than 10 minutes")));
        }
        if (seconds > (1L << 32)) {
            InvalidError.throwIfAny("authentication.k8s.io", "TokenRequest", "", List.of(FieldError.invalid(field,
                    GoValue.integer(seconds), "may not specify a duration larger than 2^32 seconds")));
        }
        ObjectNode account = serviceAccounts.apply(namespace, name)
                .orElseThrow(() -> new StatusException(Status.notFound("", "serviceaccounts", name)));
        Instant now = clock.now().truncatedTo(ChronoUnit.SECONDS);
        Instant expires = now.plusSeconds(seconds);
        ObjectNode claims = Json.object();
        claims.set("aud", spec.path("audiences").deepCopy());
        claims.put("exp", expires.getEpochSecond());
        claims.put("iat", now.getEpochSecond());
        claims.put("iss", issuer);
        ObjectNode kubernetes = claims.putObject("kubernetes.io");
        kubernetes.put("namespace", namespace);
        kubernetes.putObject("serviceaccount").put("name", name)
                .put("uid", account.path("metadata").path("uid").asText(""));
        claims.put("nbf", now.getEpochSecond());
        claims.put("sub", new ServiceAccountUser(namespace, name).username());
        out.putObject("status").put("token", signer.sign(claims, random))
                .put("expirationTimestamp", DateTimeFormatter.ISO_INSTANT.format(expires));
        return out;
    }
}
