package io.bootsim.apiserver.storage;

import io.bootsim.core.api.StatusException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;
import io.bootsim.core.api.Status;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque {@code continue} parameter: unpadded base64url of {@code {"v":"meta.k8s.io/v1","rv":N,"start":KEY}},
 * where KEY is the next key relative to the list's prefix (upstream:
 * staging/src/k8s.io/apiserver/pkg/storage/continue.go). rv -1 continues at the latest state.
 */
public record ContinueToken(long resourceVersion, String startKey) {

    private static final String VERSION = "meta.k8s.io/v1";
    private static final String INVALID = "continue key is not valid";

    public String encode() {
        ObjectNode token = Json.object();
        token.put("v", VERSION);
        token.put("rv", resourceVersion);
        token.put("start", startKey);
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Json.write(token).getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes {@code value}; anything malformed is the 400 "invalid continue token: ..." upstream sends. */
    public static ContinueToken decode(String value) {
        JsonNode token;
        try {
            token = Json.mapper().readTree(Base64.getUrlDecoder().decode(value.replace("=", "")));
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw invalid(INVALID + ": " + e.getMessage());
        }
        if (token == null || !token.isObject()) {
            throw invalid(INVALID + ": not a JSON object");
        }
        String version = token.path("v").asText("");
        if (!version.equals(VERSION)) {
            throw invalid(INVALID + ": server does not recognize this encoded version " + version);
        }
        long rv = token.path("rv").asLong(0);
        if (rv == 0) {
            throw invalid(INVALID + ": incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
        }
        String start = token.path("start").asText("");
        if (start.isEmpty()) {
            throw invalid(INVALID + ": encoded start key empty (version meta.k8s.io/v1)");
        }
        // path traversal defence: like upstream's path.Clean check, the key must already be clean
        String relative = start.startsWith("/") ? start.substring(1) : start;
        for (String segment : relative.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw invalid(INVALID + ": " + start);
            }
        }
        return new ContinueToken(rv, relative);
    }

    private static StatusException invalid(String reason) {
        return new StatusException(Status.badRequest("invalid continue token: " + reason));
    }
}
