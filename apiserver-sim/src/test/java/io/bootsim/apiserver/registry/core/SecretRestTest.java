package io.bootsim.apiserver.registry.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class SecretRestTest {

    @Test
    void stringDataIsMergedIntoDataAndNeverStored() throws Exception {
        ObjectNode body = (ObjectNode) Json.mapper().readTree("""
                {"apiVersion": "v1", "kind": "Secret", "type": "bootstrap.kubernetes.io/token",
                 "data": {"token-id": "b2xkaWQ=", "usage-bootstrap-signing": "dHJ1ZQ=="},
                 "stringData": {"token-id": "07401b", "token-secret": "f395accd246ae52d"}}""");

        ObjectNode stored = SecretRest.INSTANCE.fromBody(body, "v1");

        assertFalse(stored.has("stringData"));
        assertEquals("MDc0MDFi", stored.path("data").path("token-id").asText(), "stringData wins over data");
        assertEquals("ZjM5NWFjY2QyNDZhZTUyZA==", stored.path("data").path("token-secret").asText());
        assertEquals("dHJ1ZQ==", stored.path("data").path("usage-bootstrap-signing").asText());
    }
}
