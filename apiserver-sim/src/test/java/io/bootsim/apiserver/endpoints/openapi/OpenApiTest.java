package io.bootsim.apiserver.endpoints.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.bootsim.apiserver.registry.ServedResources;
import io.bootsim.core.api.Json;
import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenApiTest {

    // What kubectl 1.27-1.33 send on GET /openapi/v2.
    static final String KUBECTL_V2_ACCEPT = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";

    static OpenApi at(String version) {
        return new OpenApi(ServedResources.at(KubeVersion.parse(version)));
    }

    static JsonNode json(OpenApiDocument doc) throws Exception {
        return Json.mapper().readTree(doc.body());
    }

    @Test
    void v2IsTheFiveByteProtobufDocumentWithTheDottedContentType() {
        OpenApiDocument doc = at("1.33").serve("/openapi/v2", KUBECTL_V2_ACCEPT).orElseThrow();
        assertEquals("application/com.github.proto-openapi.spec.v2.v1.0+protobuf", doc.contentType());
        assertArrayEquals(HexFormat.of().parseHex("0a03322e30"), doc.body());
    }

    @Test
    void v2AskedAsJsonSaysTheSameInJson() throws Exception {
        OpenApiDocument doc = at("1.33").serve("/openapi/v2", "application/json").orElseThrow();
        assertEquals("application/json", doc.contentType());
        assertEquals("2.0", json(doc).get("swagger").asText());
    }

    @Test
    void v3ExistsFrom127AndV2From110() {
        assertTrue(at("1.26").serve("/openapi/v3", null).isEmpty());
        assertTrue(at("1.27").serve("/openapi/v3", null).isPresent());
        assertTrue(at("1.9").serve("/openapi/v2", KUBECTL_V2_ACCEPT).isEmpty());
        assertTrue(at("1.10").serve("/openapi/v2", KUBECTL_V2_ACCEPT).isPresent());
    }

    @Test
    void v3RootPointsAtEachGroupVersionByContentHash() throws Exception {
        OpenApi api = at("1.33");
        JsonNode paths = json(api.serve("/openapi/v3", "application/json").orElseThrow()).get("paths");
        assertTrue(paths.has("api/v1"));
        String url = paths.get("apis/rbac.authorization.k8s.io/v1").get("serverRelativeURL").asText();
        OpenApiDocument rbac = api.serve("/openapi/v3/apis/rbac.authorization.k8s.io/v1", "application/json").orElseThrow();
        String sha512 = HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-512").digest(rbac.body()));
        assertEquals("/openapi/v3/apis/rbac.authorization.k8s.io/v1?hash=" + sha512, url);
        assertEquals("\"" + sha512 + "\"", rbac.etag());
    }

    @Test
    void v3GroupVersionDeclaresFieldValidationOnEachPatchableResource() throws Exception {
        JsonNode paths = json(at("1.33").serve("/openapi/v3/apis/rbac.authorization.k8s.io/v1", null).orElseThrow())
                .get("paths");
        JsonNode patch = paths.get("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/{name}").get("patch");
        assertEquals("fieldValidation", patch.get("parameters").get(0).get("name").asText());
        assertEquals("query", patch.get("parameters").get(0).get("in").asText());
        assertEquals("{\"group\":\"rbac.authorization.k8s.io\",\"version\":\"v1\",\"kind\":\"ClusterRoleBinding\"}",
                Json.write(patch.get("x-kubernetes-group-version-kind")));
        assertTrue(paths.has("/apis/rbac.authorization.k8s.io/v1/namespaces/{namespace}/rolebindings/{name}"));
        JsonNode core = json(at("1.33").serve("/openapi/v3/api/v1", null).orElseThrow()).get("paths");
        assertTrue(core.has("/api/v1/nodes/{name}"));
        // Create-only reviews have nothing to patch.
        JsonNode authz = json(at("1.33").serve("/openapi/v3/apis/authorization.k8s.io/v1", null).orElseThrow());
        assertEquals(0, authz.get("paths").size());
    }

    @Test
    void unservedGroupVersionIsNotFound() {
        assertTrue(at("1.33").serve("/openapi/v3/apis/certificates.k8s.io/v1beta1", null).isEmpty());
        assertTrue(at("1.33").serve("/openapi/v3/apis/apps/v1", null).isEmpty());
    }
}
