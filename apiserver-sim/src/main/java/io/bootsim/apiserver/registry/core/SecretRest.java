package io.bootsim.apiserver.registry.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.registry.RestStrategy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/**
 * A Secret's write-only stringData is merged into data (base64, stringData wins) and never
 * stored, so a bootstrap-token Secret written with stringData authenticates like kubeadm's.
 */
// upstream: pkg/apis/core/v1/conversion.go Convert_v1_Secret_To_core_Secret
public final class SecretRest implements RestStrategy {

    public static final SecretRest INSTANCE = new SecretRest();

    private SecretRest() {
    }

    @Override
    public ObjectNode fromBody(ObjectNode body, String version) {
        JsonNode stringData = body.remove("stringData");
        if (stringData == null || !stringData.isObject() || stringData.isEmpty()) {
            return body;
        }
        ObjectNode data = body.path("data").isObject() ? (ObjectNode) body.get("data") : body.putObject("data");
        for (Iterator<Map.Entry<String, JsonNode>> it = stringData.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            data.put(e.getKey(), Base64.getEncoder().encodeToString(e.getValue().asText().getBytes(StandardCharsets.UTF_8)));
        }
        return body;
    }
}
