package io.bootsim.apiserver.authentication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.time.Clock;
import io.bootsim.core.trace.Secret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Bootstrap tokens ({@code --enable-bootstrap-token-auth}): a bearer token {@code <id>.<secret>}
 * authenticates as {@code system:bootstrap:<id>} when the Secret {@code kube-system/bootstrap-token-<id>}
 * has the right type, id and secret, has not expired (on the injected clock), is marked
 * {@code usage-bootstrap-authentication=true} and names only valid extra groups. Every rejection is
 * "not authenticated" without error; the reason is upstream's V(3) log line.
 */
// upstream: plugin/pkg/auth/authenticator/token/bootstrap/bootstrap.go, cluster-bootstrap util/secrets
public final class BootstrapTokenAuthenticator implements TokenAuthenticator {

    public static final String NAMESPACE = "kube-system";
    public static final String SECRET_PREFIX = "bootstrap-token-";
    public static final String SECRET_TYPE = "bootstrap.kubernetes.io/token";
    public static final String USER_PREFIX = "system:bootstrap:";
    public static final String DEFAULT_GROUP = "system:bootstrappers";
    public static final String GROUP_PATTERN = "\\Asystem:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]\\z";

    private static final Pattern TOKEN = Pattern.compile("\\A([a-z0-9]{6})\\.([a-z0-9]{16})\\z");
    private static final Pattern GROUP = Pattern.compile(GROUP_PATTERN);
    // Go's time.Parse(time.RFC3339, ...) needs seconds; fractions and numeric offsets are accepted.
    private static final Pattern RFC3339 =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})");

    private final Function<String, Optional<ObjectNode>> secretsInKubeSystem;
    private final Clock clock;

    /**
     * @param secretsInKubeSystem looks a Secret up by name in kube-system, as the informer cache
     *                            holds it (base64 {@code data}, {@code metadata.deletionTimestamp})
     */
    public BootstrapTokenAuthenticator(Function<String, Optional<ObjectNode>> secretsInKubeSystem, Clock clock) {
        this.secretsInKubeSystem = secretsInKubeSystem;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "bootstrap-token";
    }

    @Override
    public AuthenticationResult authenticateToken(String token) {
        var m = TOKEN.matcher(token);
        if (!m.matches()) {
            return notAuthenticated("token is not of the form [a-z0-9]{6}.[a-z0-9]{16}");
        }
        String tokenId = m.group(1);
        String tokenSecret = m.group(2);
        String name = SECRET_PREFIX + tokenId;
        Optional<ObjectNode> found = secretsInKubeSystem.apply(name);
        if (found.isEmpty()) {
            return notAuthenticated("No secret of name " + name + " to match bootstrap bearer token");
        }
        ObjectNode secret = found.get();
        String prefix = "Bootstrap secret " + NAMESPACE + "/" + name + " matching bearer token ";
        if (!secret.path("metadata").path("deletionTimestamp").isMissingNode()
                && !secret.path("metadata").path("deletionTimestamp").isNull()) {
            return notAuthenticated(prefix + "is deleted and awaiting removal");
        }
        JsonNode data = secret.get("data");
        if (!SECRET_TYPE.equals(secret.path("type").asText()) || data == null || !data.isObject()) {
            return notAuthenticated(prefix + "has invalid type, expected " + SECRET_TYPE + ".");
        }
        if (!constantTimeEquals(value(data, "token-secret"), tokenSecret)) {
            // upstream logs the presented secret here; the trace shows it redacted
            return notAuthenticated(prefix + "has invalid value for key token-secret, expected "
                    + Secret.token(tokenSecret) + ".");
        }
        if (!value(data, "token-id").equals(tokenId)) {
            return notAuthenticated(prefix + "has invalid value for key token-id, expected " + tokenId + ".");
        }
        String expiration = value(data, "expiration");
        if (!expiration.isEmpty()) {
            Optional<Instant> expires = parseRfc3339(expiration);
            if (expires.isEmpty()) {
                return notAuthenticated("Unparseable expiration time (" + expiration + ") in " + NAMESPACE + "/"
                        + name + " Secret. Treating as expired.");
            }
            // cluster-bootstrap: remaining time <= 0 is expired
            if (!expires.get().isAfter(clock.now())) {
                return notAuthenticated("Expired bootstrap token in " + NAMESPACE + "/" + name + " Secret: " + expiration);
            }
        }
        if (!value(data, "usage-bootstrap-authentication").equals("true")) {
            return notAuthenticated(prefix + "not marked usage-bootstrap-authentication=true.");
        }
        TreeSet<String> groups = new TreeSet<>(List.of(DEFAULT_GROUP)); // deduplicated and sorted
        String extra = value(data, "auth-extra-groups");
        if (!extra.isEmpty()) {
            for (String group : extra.split(",", -1)) {
                if (!GROUP.matcher(group).matches()) {
                    return notAuthenticated(prefix + "has invalid value for key auth-extra-groups: bootstrap group \""
                            + group + "\" is invalid (must match " + GROUP_PATTERN + ").");
                }
                groups.add(group);
            }
        }
        return new AuthenticationResult.Authenticated(
                new UserInfo(USER_PREFIX + tokenId, "", List.copyOf(groups), Map.of()));
    }

    private static AuthenticationResult notAuthenticated(String reason) {
        return new AuthenticationResult.NotAuthenticated(reason);
    }

    /** A data value decoded; missing or undecodable values read as "" (cluster-bootstrap GetData). */
    private static String value(JsonNode data, String key) {
        JsonNode v = data.get(key);
        if (v == null || !v.isTextual()) {
            return "";
        }
        try {
            return new String(Base64.getDecoder().decode(v.asText()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<Instant> parseRfc3339(String text) {
        if (!RFC3339.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
