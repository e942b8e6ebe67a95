package io.bootsim.apiserver.endpoints.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import io.bootsim.apiserver.registry.ServedResources;
import io.bootsim.core.api.Json;
import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiscoveryTest {

    // What kubectl sends on /api and /apis (kubectl-wire.md section 2.1).
    static final String KUBECTL_127 = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
    static final String KUBECTL_133 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
            + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
    static final String V2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
    static final String V2BETA1 = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";

    private static Discovery at(String version) {
        return new Discovery(ServedResources.at(KubeVersion.parse(version)), "127.0.0.1:6443");
    }

    private static JsonNode json(DiscoveryResponse r) throws Exception {
        return Json.mapper().readTree(r.body());
    }

    @ParameterizedTest(name = "{0} asked by kubectl {1} on {2}")
    @CsvSource(delimiter = '|', textBlock = """
            1.33 | 1.33 | /apis | application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList
            1.33 | 1.27 | /apis | application/json
            1.32 | 1.27 | /apis | application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList
            1.32 | 1.33 | /api  | application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList
            1.29 | 1.33 | /apis | application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList
            1.26 | 1.33 | /apis | application/json
            1.9  | 1.33 | /api  | application/json
            """)
    void answersTheFirstAcceptedDiscoveryFormatTheReleaseServes(String server, String kubectl, String path,
                                                                String contentType) {
        String accept = kubectl.equals("1.27") ? KUBECTL_127 : KUBECTL_133;
        assertEquals(contentType, at(server).serve(path, accept).orElseThrow().contentType());
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {"-", "'*/*'", "application/yaml", "application/vnd.kubernetes.protobuf"})
    void neverRefusesDiscoveryButFallsBackToLegacyJson(String accept) throws Exception {
        DiscoveryResponse r = at("1.33").serve("/apis", accept).orElseThrow();
        assertEquals("application/json", r.contentType());
        assertEquals("APIGroupList", json(r).get("kind").asText());
    }

    @Test
    void legacyApiListsV1AndTheAdvertisedAddress() {
        assertEquals("{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":"
                        + "[{\"clientCIDR\":\"0.0.0.0/0\",\"serverAddress\":\"127.0.0.1:6443\"}]}\n",
                at("1.33").serve("/api", "application/json, */*").orElseThrow().body());
    }

    @Test
    void legacyGroupListNamesPreferredVersionFirst() throws Exception {
        JsonNode certs = json(at("1.20").serve("/apis", "application/json").orElseThrow()).get("groups").get(2);
        assertEquals("{\"name\":\"certificates.k8s.io\",\"versions\":["
                        + "{\"groupVersion\":\"certificates.k8s.io/v1\",\"version\":\"v1\"},"
                        + "{\"groupVersion\":\"certificates.k8s.io/v1beta1\",\"version\":\"v1beta1\"}],"
                        + "\"preferredVersion\":{\"groupVersion\":\"certificates.k8s.io/v1\",\"version\":\"v1\"}}",
                Json.write(certs));
    }

    @Test
    void resourceListCarriesSubresourcesWithEmptySingularName() throws Exception {
        JsonNode doc = json(at("1.33").serve("/apis/certificates.k8s.io/v1", "application/json, */*").orElseThrow());
        assertEquals("certificates.k8s.io/v1", doc.get("groupVersion").asText());
        assertEquals("{\"name\":\"certificatesigningrequests\",\"singularName\":\"certificatesigningrequest\","
                        + "\"namespaced\":false,\"kind\":\"CertificateSigningRequest\",\"verbs\":[\"create\",\"delete\","
                        + "\"deletecollection\",\"get\",\"list\",\"patch\",\"update\",\"watch\"],\"shortNames\":[\"csr\"]}",
                Json.write(doc.get("resources").get(0)));
        assertEquals("{\"name\":\"certificatesigningrequests/approval\",\"singularName\":\"\",\"namespaced\":false,"
                        + "\"kind\":\"CertificateSigningRequest\",\"verbs\":[\"get\",\"patch\",\"update\"]}",
                Json.write(doc.get("resources").get(1)));
    }

    @Test
    void coreResourceListIsSortedWithSubresourcesAfterTheirParent() throws Exception {
        JsonNode resources = json(at("1.33").serve("/api/v1", null).orElseThrow()).get("resources");
        StringBuilder names = new StringBuilder();
        resources.forEach(r -> names.append(r.get("name").asText()).append(' '));
        assertEquals("configmaps events namespaces namespaces/finalize namespaces/status nodes nodes/proxy "
                + "nodes/status secrets serviceaccounts ", names.toString());
    }

    @Test
    void tokenSubresourceNamesTheTokenRequestGroupOnlyWhenTokenRequestIsConfigured() throws Exception {
        Discovery withTokens = new Discovery(ServedResources.at(KubeVersion.parse("1.33"), true), "127.0.0.1:6443");
        JsonNode resources = json(withTokens.serve("/api/v1", null).orElseThrow()).get("resources");
        JsonNode token = resources.get(resources.size() - 1);
        // what the controller manager's dynamic client builder looks for (shouldTurnOnDynamicClient)
        assertEquals("{\"name\":\"serviceaccounts/token\",\"singularName\":\"\",\"namespaced\":true,"
                + "\"group\":\"authentication.k8s.io\",\"version\":\"v1\",\"kind\":\"TokenRequest\",\"verbs\":[\"create\"]}",
                Json.write(token));
        JsonNode without = json(at("1.33").serve("/api/v1", null).orElseThrow()).get("resources");
        assertEquals("serviceaccounts", without.get(without.size() - 1).get("name").asText());
    }

    @Test
    void aggregatedDocumentDescribesScopeKindsAndSubresources() throws Exception {
        JsonNode doc = json(at("1.33").serve("/apis", KUBECTL_133).orElseThrow());
        assertEquals("apidiscovery.k8s.io/v2", doc.get("apiVersion").asText());
        JsonNode certs = doc.get("items").get(2);
        assertEquals("certificates.k8s.io", certs.get("metadata").get("name").asText());
        JsonNode csr = certs.get("versions").get(0).get("resources").get(0);
        assertEquals("{\"resource\":\"certificatesigningrequests\",\"responseKind\":{\"group\":\"certificates.k8s.io\","
                        + "\"version\":\"v1\",\"kind\":\"CertificateSigningRequest\"},\"scope\":\"Cluster\","
                        + "\"singularResource\":\"certificatesigningrequest\",\"verbs\":[\"create\",\"delete\","
                        + "\"deletecollection\",\"get\",\"list\",\"patch\",\"update\",\"watch\"],\"shortNames\":[\"csr\"],"
                        + "\"subresources\":[{\"subresource\":\"approval\",\"responseKind\":{\"group\":\"certificates.k8s.io\","
                        + "\"version\":\"v1\",\"kind\":\"CertificateSigningRequest\"},\"verbs\":[\"get\",\"patch\",\"update\"]},"
                        + "{\"subresource\":\"status\",\"responseKind\":{\"group\":\"certificates.k8s.io\",\"version\":\"v1\","
                        + "\"kind\":\"CertificateSigningRequest\"},\"verbs\":[\"get\",\"patch\",\"update\"]}]}",
                Json.write(csr));
        assertEquals("Current", certs.get("versions").get(0).get("freshness").asText());
    }

    @Test
    void aggregatedCoreGroupHasNoNameAndNamespacedScopes() throws Exception {
        JsonNode item = json(at("1.33").serve("/api", V2).orElseThrow()).get("items").get(0);
        assertTrue(item.get("metadata").get("name") == null);
        JsonNode configmaps = item.get("versions").get(0).get("resources").get(0);
        assertEquals("Namespaced", configmaps.get("scope").asText());
        assertEquals("", configmaps.get("responseKind").get("group").asText());
        assertEquals("v2beta1", json(at("1.29").serve("/api", V2BETA1).orElseThrow()).get("apiVersion").asText().split("/")[1]);
    }

    @Test
    void unservedGroupVersionsAndOtherPathsAreNotDiscoveryPaths() {
        assertTrue(at("1.33").serve("/apis/certificates.k8s.io/v1beta1", null).isEmpty());
        assertTrue(at("1.21").serve("/apis/certificates.k8s.io/v1beta1", null).isPresent());
        assertTrue(at("1.33").serve("/apis/apps/v1", null).isEmpty());
        assertTrue(at("1.33").serve("/api/v2", null).isEmpty());
        assertTrue(at("1.33").serve("/apis/certificates.k8s.io/v1/certificatesigningrequests", null).isEmpty());
        assertTrue(at("1.33").serve("/healthz", null).isEmpty());
    }

    @Test
    void singleGroupDocumentIsAnApiGroup() throws Exception {
        JsonNode doc = json(at("1.33").serve("/apis/rbac.authorization.k8s.io", null).orElseThrow());
        assertEquals("APIGroup", doc.get("kind").asText());
        assertEquals("rbac.authorization.k8s.io/v1", doc.get("preferredVersion").get("groupVersion").asText());
    }
}
