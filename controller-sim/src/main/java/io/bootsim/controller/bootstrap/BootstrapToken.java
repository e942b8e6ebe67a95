package io.bootsim.controller.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import io.bootsim.core.log.Klog;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A bootstrap-token Secret as the token controllers read it: {@code bootstrap-token-<id>} of type
 * {@code bootstrap.kubernetes.io/token} in kube-system, with token-id, token-secret, expiration
 * (RFC 3339) and the usage-bootstrap-* flags in its data.
 */
// upstream: staging/src/k8s.io/cluster-bootstrap/token/api/types.go, util/secrets/secrets.go
public record BootstrapToken(String secretName, String id, String secret, String expiration, boolean signing) {

    public static final String SECRET_TYPE = "bootstrap.kubernetes.io/token";
    public static final String NAME_PREFIX = "bootstrap-token-";
    private static final Pattern ID = Pattern.compile("[a-z0-9]{6}");

    public static BootstrapToken from(JsonNode secret) {
        return new BootstrapToken(secret.path("metadata").path("name").asText(""), data(secret, "token-id"),
                data(secret, "token-secret"), data(secret, "expiration"), "true".equals(data(secret, "usage-bootstrap-signing")));
    }

    public static boolean isTokenSecret(JsonNode secret) {
        return SECRET_TYPE.equals(secret.path("type").asText(""));
    }

    /**
     * The time left before expiry: empty for a token that never expires, zero or negative once
     * expired. An unparsable expiration counts as expired, with upstream's log line.
     */
    public Optional<Duration> timeLeft(Instant now, Klog log) {
        if (expiration.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.between(now, Instant.parse(expiration)));
        } catch (DateTimeParseException e) {
            log.infoV(3, "secrets.go", "Unparseable expiration time (" + expiration + ") in kube-system/" + secretName
                    + " Secret: " + e.getMessage() + ". Treating as expired.");
            return Optional.of(Duration.ZERO);
        }
    }

    /** The token the bootstrap signer signs with, if this secret is a valid, unexpired signing token. */
    // upstream: pkg/controller/bootstrap/util.go validateSecretForSigning
    public Optional<BootstrapToken> forSigning(Instant now, Klog log) {
        String nameId = secretName.startsWith(NAME_PREFIX) ? secretName.substring(NAME_PREFIX.length()) : "";
        if (!ID.matcher(nameId).matches()) {
            log.infoV(3, "util.go", "Invalid secret name: " + secretName + ". Must be of form " + NAME_PREFIX + "<secret-id>.");
            return Optional.empty();
        }
        if (id.isEmpty()) {
            log.infoV(3, "util.go", "No token-id key in kube-system/" + secretName + " Secret");
            return Optional.empty();
        }
        if (!id.equals(nameId)) {
            log.infoV(3, "util.go", "Token ID (" + id + ") doesn't match secret name: " + nameId);
            return Optional.empty();
        }
        if (secret.isEmpty()) {
            log.infoV(3, "util.go", "No token-secret key in kube-system/" + secretName + " Secret");
            return Optional.empty();
        }
        Optional<Duration> left = timeLeft(now, log);
        if (left.isPresent() && left.get().compareTo(Duration.ZERO) <= 0) {
            return Optional.empty();
        }
        return signing ? Optional.of(this) : Optional.empty();
    }

    private static String data(JsonNode secret, String key) {
        String b64 = secret.path("data").path(key).asText("");
        return b64.isEmpty() ? "" : new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    }
}
