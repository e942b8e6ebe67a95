package io.bootsim.apiserver.registry.rbac;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.registry.RestStrategy;
import io.bootsim.apiserver.validation.InvalidError;
import io.bootsim.core.api.Json;
import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The RBAC registries' defaulting and validation, as the 422 message a client reads
 * (pkg/apis/rbac/validation/validation_test.go and the messages kubectl users quote).
 */
class RbacRestTest {

    private static final Map<String, RestStrategy> STRATEGIES = RbacRest.all(KubeVersion.NEWEST);
    private static final Map<String, String> KINDS = Map.of("roles", "Role", "clusterroles", "ClusterRole",
            "rolebindings", "RoleBinding", "clusterrolebindings", "ClusterRoleBinding");

    private static ObjectNode yaml(String flow) throws IOException {
        return (ObjectNode) Json.yaml().readTree(flow);
    }

    /** The Invalid message of creating {@code object} as {@code resource}, or "valid". */
    private static String create(String resource, String object) throws IOException {
        RestStrategy strategy = STRATEGIES.get("rbac.authorization.k8s.io/" + resource);
        ObjectNode decoded = strategy.fromBody(yaml(object), "v1");
        var errors = strategy.validateCreate(decoded, "v1");
        return errors.isEmpty() ? "valid" : InvalidError.status("rbac.authorization.k8s.io", KINDS.get(resource),
                decoded.path("metadata").path("name").asText(""), errors).message();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
        roles | {metadata: {name: r, namespace: ns}, rules: [{verbs: [get], apiGroups: [''], resources: [pods]}]} | valid
        roles | {metadata: {name: r, namespace: ns}, rules: [{apiGroups: [''], resources: [pods]}]} | Role.rbac.authorization.k8s.io "r" is invalid: rules[0].verbs: Required value: verbs must contain at least one value
        roles | {metadata: {name: r, namespace: ns}, rules: [{verbs: [get], nonResourceURLs: [/metrics]}]} | Role.rbac.authorization.k8s.io "r" is invalid: rules[0].nonResourceURLs: Invalid value: []string{"/metrics"}: namespaced rules cannot apply to non-resource URLs
        roles | {metadata: {name: r, namespace: ns}, rules: [{verbs: [get]}]} | Role.rbac.authorization.k8s.io "r" is invalid: [rules[0].apiGroups: Required value: resource rules must supply at least one api group, rules[0].resources: Required value: resource rules must supply at least one resource]
        roles | {metadata: {name: a/b, namespace: ns}} | Role.rbac.authorization.k8s.io "a/b" is invalid: metadata.name: Invalid value: "a/b": may not contain '/'
        roles | {metadata: {name: '..', namespace: ns}} | Role.rbac.authorization.k8s.io ".." is invalid: metadata.name: Invalid value: "..": may not be '..'
        clusterroles | {metadata: {name: 'system:metrics'}, rules: [{verbs: [get], nonResourceURLs: [/metrics]}]} | valid
        clusterroles | {metadata: {name: c}, rules: [{verbs: [get], resources: [pods], nonResourceURLs: [/a, /b]}]} | ClusterRole.rbac.authorization.k8s.io "c" is invalid: rules[0].nonResourceURLs: Invalid value: []string{"/a", "/b"}: rules cannot apply to both regular resources and non-resource URLs
        clusterroles | {metadata: {name: c}, aggregationRule: {clusterRoleSelectors: []}} | ClusterRole.rbac.authorization.k8s.io "c" is invalid: aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil
        clusterroles | {metadata: {name: c}, aggregationRule: {clusterRoleSelectors: [{matchExpressions: [{key: k, operator: In}]}]}} | ClusterRole.rbac.authorization.k8s.io "c" is invalid: aggregationRule.clusterRoleSelectors[0].matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'
        clusterroles | {metadata: {name: c}, aggregationRule: {clusterRoleSelectors: [{matchExpressions: [{key: k, operator: Equals}]}]}} | ClusterRole.rbac.authorization.k8s.io "c" is invalid: aggregationRule.clusterRoleSelectors[0].matchExpressions[0].operator: Invalid value: "Equals": not a valid selector operator
        clusterroles | {metadata: {generateName: 'x%'}} | ClusterRole.rbac.authorization.k8s.io "" is invalid: metadata.generateName: Invalid value: "x%": may not contain '%'
        clusterroles | {metadata: {}} | ClusterRole.rbac.authorization.k8s.io "" is invalid: metadata.name: Required value: name or generateName is required
        clusterrolebindings | {metadata: {name: b}, roleRef: {kind: ClusterRole, name: view}, subjects: [{kind: User, name: alice}, {kind: Group, name: devs}]} | valid
        clusterrolebindings | {metadata: {name: b}, roleRef: {kind: Role, name: view}} | ClusterRoleBinding.rbac.authorization.k8s.io "b" is invalid: roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"
        clusterrolebindings | {metadata: {name: b}, roleRef: {apiGroup: rbac, kind: ClusterRole}} | ClusterRoleBinding.rbac.authorization.k8s.io "b" is invalid: [roleRef.apiGroup: Unsupported value: "rbac": supported values: "rbac.authorization.k8s.io", roleRef.name: Required value]
        clusterrolebindings | {metadata: {name: b}, roleRef: {kind: ClusterRole, name: view}, subjects: [{kind: ServiceAccount, name: default}]} | ClusterRoleBinding.rbac.authorization.k8s.io "b" is invalid: subjects[0].namespace: Required value
        clusterrolebindings | {metadata: {name: b}, roleRef: {kind: ClusterRole, name: view}, subjects: [{kind: User, apiGroup: v1, name: alice}]} | ClusterRoleBinding.rbac.authorization.k8s.io "b" is invalid: subjects[0].apiGroup: Unsupported value: "v1": supported values: "rbac.authorization.k8s.io"
        clusterrolebindings | {metadata: {name: b}, roleRef: {kind: ClusterRole, name: view}, subjects: [{kind: Robot, name: r2}, {kind: User}]} | ClusterRoleBinding.rbac.authorization.k8s.io "b" is invalid: [subjects[0].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group", subjects[1].name: Required value]
        rolebindings | {metadata: {name: b, namespace: ns}, roleRef: {kind: Role, name: r}, subjects: [{kind: ServiceAccount, name: default}]} | valid
        rolebindings | {metadata: {name: b, namespace: ns}, roleRef: {kind: Policy, name: r}} | RoleBinding.rbac.authorization.k8s.io "b" is invalid: roleRef.kind: Unsupported value: "Policy": supported values: "Role", "ClusterRole"
        rolebindings | {metadata: {name: b, namespace: ns}, roleRef: {kind: Role, name: r}, subjects: [{kind: ServiceAccount, apiGroup: rbac.authorization.k8s.io, name: Default_SA}]} | RoleBinding.rbac.authorization.k8s.io "b" is invalid: [subjects[0].name: Invalid value: "Default_SA": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*'), subjects[0].apiGroup: Unsupported value: "rbac.authorization.k8s.io": supported values: ""]
        """)
    void validation(String resource, String object, String expected) throws IOException {
        assertEquals(expected, create(resource, object));
    }

    @Test
    void v1DefaultsTheRoleRefAndUserAndGroupSubjectGroups() throws IOException {
        ObjectNode binding = STRATEGIES.get("rbac.authorization.k8s.io/clusterrolebindings").fromBody(yaml(
                "{metadata: {name: b}, roleRef: {kind: ClusterRole, name: view}, subjects: [{kind: User, name: a},"
                        + " {kind: Group, name: g}, {kind: ServiceAccount, name: s, namespace: n}]}"), "v1");
        assertEquals("rbac.authorization.k8s.io", binding.path("roleRef").path("apiGroup").asText());
        assertEquals("rbac.authorization.k8s.io", binding.path("subjects").get(0).path("apiGroup").asText());
        assertEquals("rbac.authorization.k8s.io", binding.path("subjects").get(1).path("apiGroup").asText());
        assertEquals(false, binding.path("subjects").get(2).has("apiGroup"));
    }

    @Test
    void aBindingsRoleRefCannotChange() throws IOException {
        RestStrategy strategy = STRATEGIES.get("rbac.authorization.k8s.io/clusterrolebindings");
        ObjectNode old = strategy.fromBody(yaml("{metadata: {name: b}, roleRef: {kind: ClusterRole, name: view}}"), "v1");
        ObjectNode changed = strategy.fromBody(yaml("{metadata: {name: b}, roleRef: {kind: ClusterRole, name: edit}}"), "v1");
        assertEquals("ClusterRoleBinding.rbac.authorization.k8s.io \"b\" is invalid: roleRef: Invalid value: "
                        + "rbac.RoleRef{APIGroup:\"rbac.authorization.k8s.io\", Kind:\"ClusterRole\", Name:\"edit\"}: cannot change roleRef",
                InvalidError.status("rbac.authorization.k8s.io", "ClusterRoleBinding", "b",
                        strategy.validateUpdate(changed, old, "", "v1")).message());
        assertEquals(List.of(), strategy.validateUpdate(old.deepCopy(), old, "", "v1"));
    }
}
