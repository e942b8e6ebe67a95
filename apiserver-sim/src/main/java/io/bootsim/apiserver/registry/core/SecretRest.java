package io.bootsim.apiserver.registry.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.registry.RestStrategy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/**
 * Secrets: {@code stringData} is a write-only convenience merged into {@code data} (base64), its keys
 * winning, and never stored (pkg/apis/core/v1/conversion.go Convert_v1_Secret_To_core_Secret).
 * Bootstrap-token Secrets are often written this way.
 */
public final class SecretRest implements RestStrategy {

    public static final SecretRest INSTANCE = new SecretRest();

    private SecretRest() {
    }

    @Override
    public ObjectNode fromBody(ObjectNode body, String version) {
        JsonNode stringData = body.remove("stringData");
        if (stringData != null && stringData.isObject()) {
            ObjectNode data = body.with("data");
            for (Iterator<Map.Entry<String, JsonNode>> it = stringData.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                data.put(e.getKey(), Base64.getEncoder().encodeToString(e.getValue().asText("").getBytes(StandardCharsets.UTF_8)));
            }
        }
        if (!body.has("type")) {
            body.put("type", "Opaque");
        }
        return body;
    }
}
