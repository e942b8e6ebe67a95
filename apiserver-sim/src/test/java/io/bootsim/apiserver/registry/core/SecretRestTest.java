package io.bootsim.apiserver.registry.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class SecretRestTest {

    @Test
    void stringDataIsMergedIntoDataAsBase64AndNotStored() throws Exception {
        ObjectNode body = (ObjectNode) Json.mapper().readTree("{\"apiVersion\":\"v1\",\"kind\":\"Secret\","
                + "\"metadata\":{\"name\":\"bootstrap-token-abcdef\",\"namespace\":\"kube-system\"},"
                + "\"type\":\"bootstrap.kubernetes.io/token\",\"data\":{\"token-id\":\"eHh4eHh4\"},"
                + "\"stringData\":{\"token-id\":\"abcdef\",\"usage-bootstrap-authentication\":\"true\"}}");
        ObjectNode stored = SecretRest.INSTANCE.fromBody(body, "v1");
        assertFalse(stored.has("stringData"));
        assertEquals("YWJjZGVm", stored.path("data").path("token-id").asText());
        assertEquals("dHJ1ZQ==", stored.path("data").path("usage-bootstrap-authentication").asText());
        assertEquals("bootstrap.kubernetes.io/token", stored.path("type").asText());
    }

    @Test
    void aSecretWithoutTypeIsOpaque() throws Exception {
        ObjectNode body = (ObjectNode) Json.mapper().readTree("{\"metadata\":{\"name\":\"s\"}}");
        assertEquals("Opaque", SecretRest.INSTANCE.fromBody(body, "v1").path("type").asText());
    }
}
