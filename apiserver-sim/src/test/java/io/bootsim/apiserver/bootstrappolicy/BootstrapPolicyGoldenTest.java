package io.bootsim.apiserver.bootstrappolicy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.authorization.rbac.ClusterRole;
import io.bootsim.apiserver.authorization.rbac.ClusterRoleBinding;
import io.bootsim.apiserver.authorization.rbac.PolicyRule;
import io.bootsim.apiserver.authorization.rbac.Role;
import io.bootsim.apiserver.authorization.rbac.RoleBinding;
import io.bootsim.core.api.Json;
import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Compares the default policy with upstream's golden testdata files (src/test/resources/golden,
 * copied verbatim; see its README for provenance). Every object bootsim defines is compared with
 * the golden object of the same name, except the controller roles (system:controller:*), which
 * live in controller-roles.yaml, not saved. creationTimestamp and null/empty rules and subjects are
 * normalised away.
 */
class BootstrapPolicyGoldenTest {

    private static Map<String, JsonNode> golden(String path) throws IOException {
        try (InputStream in = BootstrapPolicyGoldenTest.class.getResourceAsStream("/golden/" + path)) {
            JsonNode list = Json.yaml().readTree(in);
            Map<String, JsonNode> byName = new LinkedHashMap<>();
            for (JsonNode item : list.get("items")) {
                JsonNode meta = item.get("metadata");
                String ns = meta.hasNonNull("namespace") ? meta.get("namespace").asText() + "/" : "";
                byName.put(ns + meta.get("name").asText(), normalise(item));
            }
            return byName;
        }
    }

    private static JsonNode normalise(JsonNode object) {
        ObjectNode copy = object.deepCopy();
        ((ObjectNode) copy.get("metadata")).remove("creationTimestamp");
        for (String field : List.of("rules", "subjects")) {
            if (copy.has(field) && (copy.get(field).isNull() || copy.get(field).isEmpty())) {
                copy.remove(field);
            }
        }
        return copy;
    }

    private static void assertMatchesGolden(Map<String, JsonNode> ours, Map<String, JsonNode> golden) {
        ours.forEach((name, object) -> {
            if (name.startsWith("system:controller:")) {
                return;
            }
            assertTrue(golden.containsKey(name), name + " is not in the golden file");
            assertEquals(golden.get(name), normalise(object), name);
        });
    }

    private static Map<String, JsonNode> rolesByName(List<ClusterRole> roles) {
        return roles.stream().collect(Collectors.toMap(ClusterRole::name, r -> (JsonNode) r.toJson(), (a, b) -> a, LinkedHashMap::new));
    }

    @ParameterizedTest(name = "{0} vs {1}")
    @CsvSource({"1.9,fork-gnufied-1151b84d/cluster-roles.yaml", "1.17,upstream-d5ff3e62/cluster-roles.yaml"})
    void clusterRolesMatchGolden(String version, String file) throws IOException {
        assertMatchesGolden(rolesByName(BootstrapPolicy.clusterRoles(KubeVersion.parse(version))), golden(file));
    }

    @ParameterizedTest(name = "{0} vs {1}")
    @CsvSource({"1.9,fork-gnufied-1151b84d/cluster-role-bindings.yaml", "1.17,upstream-c60df899/cluster-role-bindings.yaml"})
    void clusterRoleBindingsMatchGolden(String version, String file) throws IOException {
        Map<String, JsonNode> ours = BootstrapPolicy.clusterRoleBindings(KubeVersion.parse(version)).stream()
                .collect(Collectors.toMap(ClusterRoleBinding::name, b -> (JsonNode) b.toJson(), (a, b) -> a, LinkedHashMap::new));
        assertMatchesGolden(ours, golden(file));
    }

    /**
     * The recent golden file is generated with every feature gate on; all roles compare exactly
     * except system:node, whose extra golden rules are exactly the gated ones off by default in 1.33,
     * and system:aggregate-to-edit and -view, whose resource.k8s.io rules DynamicResourceAllocation gates.
     */
    @Test
    void newestClusterRolesMatchFeatureGatesGoldenExceptGatedNodeRules() throws IOException {
        Map<String, JsonNode> golden = golden("upstream-01899a7c/cluster-roles-featuregates.yaml");
        for (String role : List.of("system:aggregate-to-edit", "system:aggregate-to-view")) {
            var rules = (com.fasterxml.jackson.databind.node.ArrayNode) golden.get(role).get("rules");
            assertEquals("resource.k8s.io", rules.get(rules.size() - 1).get("apiGroups").get(0).asText(), role);
            rules.remove(rules.size() - 1);
        }
        Map<String, JsonNode> ours = rolesByName(BootstrapPolicy.clusterRoles(KubeVersion.NEWEST));
        JsonNode ourNode = ours.remove("system:node");
        assertMatchesGolden(ours, golden);
        Set<JsonNode> goldenNodeRules = new HashSet<>();
        golden.get("system:node").get("rules").forEach(goldenNodeRules::add);
        Set<JsonNode> ourNodeRules = new HashSet<>();
        ourNode.get("rules").forEach(ourNodeRules::add);
        assertTrue(goldenNodeRules.containsAll(ourNodeRules));
        goldenNodeRules.removeAll(ourNodeRules);
        Set<JsonNode> gated = Set.of(
                PolicyRule.verbs("get").groups("resource.k8s.io").resources("resourceclaims").toJson(),
                PolicyRule.verbs("deletecollection").groups("resource.k8s.io").resources("resourceslices").toJson(),
                PolicyRule.verbs("get", "list", "watch").groups("certificates.k8s.io").resources("clustertrustbundles").toJson(),
                PolicyRule.verbs("get").groups("").resources("serviceaccounts").toJson());
        assertEquals(gated, goldenNodeRules);
    }

    @Test
    void bootstrapTokenControllerRolesAndBindingsMatchGolden() throws IOException {
        Map<String, JsonNode> roles = BootstrapPolicy.namespaceRoles(KubeVersion.NEWEST).stream()
                .collect(Collectors.toMap(r -> r.namespace() + "/" + r.name(), Role::toJson));
        Map<String, JsonNode> goldenRoles = golden("upstream-008b3652/namespace-roles.yaml");
        roles.forEach((name, role) -> assertEquals(goldenRoles.get(name), normalise(role), name));
        Map<String, JsonNode> bindings = BootstrapPolicy.namespaceRoleBindings(KubeVersion.NEWEST).stream()
                .collect(Collectors.toMap(b -> b.namespace() + "/" + b.name(), RoleBinding::toJson));
        Map<String, JsonNode> goldenBindings = golden("upstream-008b3652/namespace-role-bindings.yaml");
        bindings.forEach((name, binding) -> assertEquals(goldenBindings.get(name), normalise(binding), name));
        assertEquals(3, roles.size());
    }

    @Test
    void decodingGoldenObjectsRoundTrips() throws IOException {
        for (JsonNode item : golden("upstream-d5ff3e62/cluster-roles.yaml").values()) {
            assertEquals(item, normalise(ClusterRole.fromJson(item).toJson()), item.get("metadata").get("name").asText());
        }
        for (JsonNode item : golden("upstream-c60df899/cluster-role-bindings.yaml").values()) {
            assertEquals(item, normalise(ClusterRoleBinding.fromJson(item).toJson()));
        }
    }

    @Test
    void systemNodeBindingHasNoSubjects() {
        ClusterRoleBinding node = BootstrapPolicy.clusterRoleBindings(KubeVersion.NEWEST).stream()
                .filter(b -> b.name().equals("system:node")).findFirst().orElseThrow();
        assertEquals(List.of(), node.subjects());
        assertTrue(!node.toJson().has("subjects"));
    }
}
