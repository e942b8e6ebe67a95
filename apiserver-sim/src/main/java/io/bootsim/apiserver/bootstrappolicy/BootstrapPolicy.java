package io.bootsim.apiserver.bootstrappolicy;

import io.bootsim.apiserver.authorization.rbac.ClusterRole;
import io.bootsim.apiserver.authorization.rbac.ClusterRoleBinding;
import io.bootsim.apiserver.authorization.rbac.LabelSelector;
import io.bootsim.apiserver.authorization.rbac.ObjectMeta;
import io.bootsim.apiserver.authorization.rbac.PolicyRule;
import io.bootsim.apiserver.authorization.rbac.Role;
import io.bootsim.apiserver.authorization.rbac.RoleBinding;
import io.bootsim.apiserver.authorization.rbac.RoleRef;
import io.bootsim.apiserver.authorization.rbac.Subject;
import io.bootsim.core.api.Json;
import io.bootsim.core.version.KubeVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default RBAC objects kube-apiserver reconciles at startup, per emulated release: the roles
 * and bindings the TLS-bootstrap flow touches (upstream: plugin/pkg/auth/authorizer/rbac/
 * bootstrappolicy/policy.go, controller_policy.go, namespace_policy.go, checked against the golden
 * testdata files of ≈1.6, ≈1.9, ≈1.14-1.19, ≈1.17 and recent releases). Release boundaries marked
 * ≈ are dated by content, not by tag.
 */
public final class BootstrapPolicy {

    public static final String BOOTSTRAPPING_LABEL = "kubernetes.io/bootstrapping";
    public static final String AUTOUPDATE_ANNOTATION = "rbac.authorization.kubernetes.io/autoupdate";
    public static final String AGGREGATE_TO = "rbac.authorization.k8s.io/aggregate-to-";

    private static final String LEGACY = "";
    private static final String CERTIFICATES = "certificates.k8s.io";
    private static final String STORAGE = "storage.k8s.io";
    private static final String COORDINATION = "coordination.k8s.io";
    private static final String AUTHENTICATED = "system:authenticated";
    private static final String UNAUTHENTICATED = "system:unauthenticated";

    private BootstrapPolicy() {
    }

    /** The {@code system:node} ClusterRole's rules; the Node authorizer's static rules too. */
    public static List<PolicyRule> nodeRules(KubeVersion v) {
        List<PolicyRule> rules = new ArrayList<>(List.of(
                PolicyRule.verbs("create").groups("authentication.k8s.io").resources("tokenreviews"),
                PolicyRule.verbs("create").groups("authorization.k8s.io").resources("subjectaccessreviews", "localsubjectaccessreviews"),
                PolicyRule.verbs("get", "list", "watch").groups(LEGACY).resources("services"),
                PolicyRule.verbs("create", "get", "list", "watch").groups(LEGACY).resources("nodes"),
                PolicyRule.verbs("update", "patch").groups(LEGACY).resources("nodes/status"),
                // ≈1.14 dropped node delete
                v.atLeast(1, 14) ? PolicyRule.verbs("update", "patch").groups(LEGACY).resources("nodes")
                        : PolicyRule.verbs("update", "patch", "delete").groups(LEGACY).resources("nodes"),
                PolicyRule.verbs("create", "update", "patch").groups(LEGACY).resources("events"),
                PolicyRule.verbs("get", "list", "watch").groups(LEGACY).resources("pods"),
                PolicyRule.verbs("create", "delete").groups(LEGACY).resources("pods"),
                v.atLeast(1, 14) ? PolicyRule.verbs("update", "patch").groups(LEGACY).resources("pods/status")
                        : PolicyRule.verbs("update").groups(LEGACY).resources("pods/status"),
                PolicyRule.verbs("create").groups(LEGACY).resources("pods/eviction"),
                v.atLeast(1, 14) ? PolicyRule.verbs("get", "list", "watch").groups(LEGACY).resources("secrets", "configmaps")
                        : PolicyRule.verbs("get").groups(LEGACY).resources("secrets", "configmaps"),
                PolicyRule.verbs("get").groups(LEGACY).resources("persistentvolumeclaims", "persistentvolumes"),
                PolicyRule.verbs("get").groups(LEGACY).resources("endpoints"),
                PolicyRule.verbs("create", "get", "list", "watch").groups(CERTIFICATES).resources("certificatesigningrequests")));
        if (v.atLeast(1, 14)) {
            rules.addAll(List.of(
                    PolicyRule.verbs("get", "create", "update", "patch", "delete").groups(COORDINATION).resources("leases"),
                    PolicyRule.verbs("get").groups(STORAGE).resources("volumeattachments"),
                    PolicyRule.verbs("get", "update", "patch").groups(LEGACY).resources("persistentvolumeclaims/status"),
                    PolicyRule.verbs("create").groups(LEGACY).resources("serviceaccounts/token"),
                    PolicyRule.verbs("get", "list", "watch").groups(STORAGE).resources("csidrivers"),
                    PolicyRule.verbs("get", "create", "update", "patch", "delete").groups(STORAGE).resources("csinodes"),
                    PolicyRule.verbs("get", "list", "watch").groups("node.k8s.io").resources("runtimeclasses")));
        }
        return List.copyOf(rules);
    }

    public static List<ClusterRole> clusterRoles(KubeVersion v) {
        List<ClusterRole> roles = new ArrayList<>();
        roles.add(clusterRole("cluster-admin",
                PolicyRule.verbs("*").groups("*").resources("*"),
                PolicyRule.verbs("*").urls("*")));
        roles.add(aggregated("admin", "admin", Map.of()));
        roles.add(aggregated("edit", "edit", v.atLeast(1, 14) ? Map.of(AGGREGATE_TO + "admin", "true") : Map.of()));
        roles.add(aggregated("view", "view", v.atLeast(1, 14) ? Map.of(AGGREGATE_TO + "edit", "true") : Map.of()));
        roles.addAll(aggregateToRoles(v));
        roles.add(clusterRole("system:discovery", PolicyRule.verbs("get").urls(discoveryUrls(v))));
        List<PolicyRule> basicUser = new ArrayList<>(List.of(PolicyRule.verbs("create").groups("authorization.k8s.io")
                .resources("selfsubjectaccessreviews", "selfsubjectrulesreviews")));
        // policy.go adds it while the APISelfSubjectReview gate is on: beta, on by default, from 1.27
        if (v.atLeast(1, 27)) {
            basicUser.add(PolicyRule.verbs("create").groups("authentication.k8s.io").resources("selfsubjectreviews"));
        }
        roles.add(clusterRole("system:basic-user", basicUser.toArray(PolicyRule[]::new)));
        if (v.atLeast(1, 14)) {
            roles.add(clusterRole("system:public-info-viewer", PolicyRule.verbs("get").urls(
                    v.atLeast(1, 16) ? new String[] {"/healthz", "/livez", "/readyz", "/version", "/version/"}
                            : new String[] {"/healthz", "/version", "/version/"})));
        }
        roles.add(clusterRole("system:node", nodeRules(v).toArray(PolicyRule[]::new)));
        if (v.atLeast(1, 10)) { // absent from the ≈1.9 golden file
            roles.add(clusterRole("system:kubelet-api-admin", kubeletApiAdminRules(v).toArray(PolicyRule[]::new)));
        }
        roles.add(clusterRole("system:node-bootstrapper",
                PolicyRule.verbs("create", "get", "list", "watch").groups(CERTIFICATES).resources("certificatesigningrequests")));
        roles.add(clusterRole("system:certificates.k8s.io:certificatesigningrequests:nodeclient",
                PolicyRule.verbs("create").groups(CERTIFICATES).resources("certificatesigningrequests/nodeclient")));
        roles.add(clusterRole("system:certificates.k8s.io:certificatesigningrequests:selfnodeclient",
                PolicyRule.verbs("create").groups(CERTIFICATES).resources("certificatesigningrequests/selfnodeclient")));
        if (v.atLeast(1, 18)) {
            for (String signer : List.of("kube-apiserver-client", "kube-apiserver-client-kubelet", "kubelet-serving", "legacy-unknown")) {
                roles.add(clusterRole("system:certificates.k8s.io:" + signer + "-approver",
                        PolicyRule.verbs("approve").groups(CERTIFICATES).resources("signers").names("kubernetes.io/" + signer)));
            }
        }
        roles.add(clusterRole("system:kube-controller-manager", kubeControllerManagerRules(v).toArray(PolicyRule[]::new)));
        roles.add(clusterRole("system:controller:certificate-controller", certificateControllerRules(v).toArray(PolicyRule[]::new)));
        roles.add(clusterRole("system:controller:node-controller", nodeControllerRules(v).toArray(PolicyRule[]::new)));
        return List.copyOf(roles);
    }

    public static List<ClusterRoleBinding> clusterRoleBindings(KubeVersion v) {
        List<ClusterRoleBinding> bindings = new ArrayList<>();
        bindings.add(clusterRoleBinding("cluster-admin", Subject.group("system:masters")));
        // 1.14 stopped granting discovery and basic-user to unauthenticated requests
        Subject[] discoverers = v.atLeast(1, 14) ? new Subject[] {Subject.group(AUTHENTICATED)}
                : new Subject[] {Subject.group(AUTHENTICATED), Subject.group(UNAUTHENTICATED)};
        bindings.add(clusterRoleBinding("system:basic-user", discoverers));
        bindings.add(clusterRoleBinding("system:discovery", discoverers));
        if (v.atLeast(1, 14)) {
            bindings.add(clusterRoleBinding("system:public-info-viewer", Subject.group(AUTHENTICATED), Subject.group(UNAUTHENTICATED)));
        }
        // since 1.8 bound to nobody: kubelets get their rights from the Node authorizer
        bindings.add(clusterRoleBinding("system:node"));
        bindings.add(clusterRoleBinding("system:kube-controller-manager", Subject.user("system:kube-controller-manager")));
        bindings.add(clusterRoleBinding("system:controller:certificate-controller",
                Subject.serviceAccount("kube-system", "certificate-controller")));
        bindings.add(clusterRoleBinding("system:controller:node-controller",
                Subject.serviceAccount("kube-system", "node-controller")));
        return List.copyOf(bindings);
    }

    /** The kube-system and kube-public Roles of the bootstrap-token controllers. */
    public static List<Role> namespaceRoles(KubeVersion v) {
        return List.of(
                role("kube-public", "system:controller:bootstrap-signer",
                        PolicyRule.verbs("get", "list", "watch").groups(LEGACY).resources("configmaps"),
                        PolicyRule.verbs("update").groups(LEGACY).resources("configmaps").names("cluster-info"),
                        eventsRule(v)),
                role("kube-system", "system:controller:bootstrap-signer",
                        PolicyRule.verbs("get", "list", "watch").groups(LEGACY).resources("secrets")),
                role("kube-system", "system:controller:token-cleaner",
                        PolicyRule.verbs("delete", "get", "list", "watch").groups(LEGACY).resources("secrets"),
                        eventsRule(v)));
    }

    public static List<RoleBinding> namespaceRoleBindings(KubeVersion v) {
        return List.of(
                roleBinding("kube-public", "system:controller:bootstrap-signer", Subject.serviceAccount("kube-system", "bootstrap-signer")),
                roleBinding("kube-system", "system:controller:bootstrap-signer", Subject.serviceAccount("kube-system", "bootstrap-signer")),
                roleBinding("kube-system", "system:controller:token-cleaner", Subject.serviceAccount("kube-system", "token-cleaner")));
    }

    private static String[] discoveryUrls(KubeVersion v) {
        if (!v.atLeast(1, 14)) {
            return new String[] {"/api", "/api/*", "/apis", "/apis/*", "/healthz", "/swagger-2.0.0.pb-v1",
                    "/swagger.json", "/swaggerapi", "/swaggerapi/*", "/version"};
        }
        if (!v.atLeast(1, 16)) {
            return new String[] {"/api", "/api/*", "/apis", "/apis/*", "/healthz", "/openapi", "/openapi/*", "/version", "/version/"};
        }
        return new String[] {"/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*",
                "/readyz", "/version", "/version/"};
    }

    /** Full access to the kubelet API; bound to nobody: the apiserver's kubelet client identity needs a binding (I2). */
    private static List<PolicyRule> kubeletApiAdminRules(KubeVersion v) {
        List<PolicyRule> rules = new ArrayList<>(List.of(
                PolicyRule.verbs("get", "list", "watch").groups(LEGACY).resources("nodes"),
                PolicyRule.verbs("proxy").groups(LEGACY).resources("nodes"),
                v.atLeast(1, 19) // nodes/spec is in the ≈1.17 golden file, gone from the recent one
                        ? PolicyRule.verbs("*").groups(LEGACY).resources("nodes/proxy", "nodes/metrics", "nodes/stats", "nodes/log")
                        : PolicyRule.verbs("*").groups(LEGACY).resources("nodes/proxy", "nodes/metrics", "nodes/spec",
                        "nodes/stats", "nodes/log")));
        if (v.atLeast(1, 33)) { // KubeletFineGrainedAuthz, on by default since 1.33
            rules.add(PolicyRule.verbs("*").groups(LEGACY).resources("nodes/configz", "nodes/healthz", "nodes/pods"));
        }
        return rules;
    }

    private static List<PolicyRule> kubeControllerManagerRules(KubeVersion v) {
        List<PolicyRule> rules = new ArrayList<>();
        if (!v.atLeast(1, 14)) {
            rules.addAll(List.of(
                    PolicyRule.verbs("create", "update", "patch").groups(LEGACY).resources("events"),
                    PolicyRule.verbs("create").groups(LEGACY).resources("endpoints", "secrets", "serviceaccounts"),
                    PolicyRule.verbs("delete").groups(LEGACY).resources("secrets"),
                    PolicyRule.verbs("get").groups(LEGACY).resources("endpoints", "namespaces", "secrets", "serviceaccounts"),
                    PolicyRule.verbs("update").groups(LEGACY).resources("endpoints", "secrets", "serviceaccounts"),
                    PolicyRule.verbs("create").groups("authentication.k8s.io").resources("tokenreviews"),
                    PolicyRule.verbs("list", "watch").groups("*").resources("*")));
            return rules;
        }
        rules.add(eventsRule(v));
        rules.add(PolicyRule.verbs("create").groups(COORDINATION).resources("leases"));
        rules.add(PolicyRule.verbs("get", "update").groups(COORDINATION).resources("leases").names("kube-controller-manager"));
        if (!v.atLeast(1, 22)) {
            // ≈1.22 dropped endpoints-based leader election from the role
            rules.add(PolicyRule.verbs("create").groups(LEGACY).resources("endpoints"));
            rules.add(PolicyRule.verbs("get", "update").groups(LEGACY).resources("endpoints").names("kube-controller-manager"));
        }
        rules.addAll(List.of(
                PolicyRule.verbs("create").groups(LEGACY).resources("secrets", "serviceaccounts"),
                PolicyRule.verbs("delete").groups(LEGACY).resources("secrets"),
                PolicyRule.verbs("get").groups(LEGACY).resources("namespaces", "configmaps", "secrets", "serviceaccounts"),
                PolicyRule.verbs("update").groups(LEGACY).resources("secrets", "serviceaccounts"),
                PolicyRule.verbs("create").groups("authentication.k8s.io").resources("tokenreviews"),
                PolicyRule.verbs("create").groups("authorization.k8s.io").resources("subjectaccessreviews"),
                PolicyRule.verbs("list", "watch").groups("*").resources("*"),
                PolicyRule.verbs("create").groups(LEGACY).resources("serviceaccounts/token")));
        return rules;
    }

    private static List<PolicyRule> certificateControllerRules(KubeVersion v) {
        List<PolicyRule> rules = new ArrayList<>(List.of(
                PolicyRule.verbs("get", "list", "watch", "delete").groups(CERTIFICATES).resources("certificatesigningrequests"),
                PolicyRule.verbs("update").groups(CERTIFICATES)
                        .resources("certificatesigningrequests/status", "certificatesigningrequests/approval")));
        if (v.atLeast(1, 18)) {
            rules.add(PolicyRule.verbs("approve").groups(CERTIFICATES).resources("signers")
                    .names("kubernetes.io/kube-apiserver-client-kubelet"));
            rules.add(PolicyRule.verbs("sign").groups(CERTIFICATES).resources("signers").names("kubernetes.io/legacy-unknown",
                    "kubernetes.io/kube-apiserver-client", "kubernetes.io/kube-apiserver-client-kubelet", "kubernetes.io/kubelet-serving"));
        }
        rules.add(PolicyRule.verbs("create").groups("authorization.k8s.io").resources("subjectaccessreviews"));
        rules.add(eventsRule(v));
        return rules;
    }

    // upstream: plugin/pkg/auth/authorizer/rbac/bootstrappolicy/controller_policy.go (node-controller);
    // pods/status gained patch with the events.k8s.io change (≈1.14 here, as eventsRule)
    private static List<PolicyRule> nodeControllerRules(KubeVersion v) {
        return List.of(
                PolicyRule.verbs("get", "list", "update", "delete", "patch").groups(LEGACY).resources("nodes"),
                PolicyRule.verbs("patch", "update").groups(LEGACY).resources("nodes/status"),
                v.atLeast(1, 14) ? PolicyRule.verbs("patch", "update").groups(LEGACY).resources("pods/status")
                        : PolicyRule.verbs("update").groups(LEGACY).resources("pods/status"),
                PolicyRule.verbs("list", "delete").groups(LEGACY).resources("pods"),
                eventsRule(v));
    }

    /** Controllers' events rule; events.k8s.io joined the core group between ≈1.9 and ≈1.17 golden files (≈1.14 here). */
    private static PolicyRule eventsRule(KubeVersion v) {
        return v.atLeast(1, 14) ? PolicyRule.verbs("create", "update", "patch").groups(LEGACY, "events.k8s.io").resources("events")
                : PolicyRule.verbs("create", "update", "patch").groups(LEGACY).resources("events");
    }

    private static ObjectMeta meta(String namespace, String name, Map<String, String> extraLabels) {
        Map<String, String> labels = new java.util.TreeMap<>(extraLabels);
        labels.put(BOOTSTRAPPING_LABEL, "rbac-defaults");
        return new ObjectMeta(name, namespace, labels, Map.of(AUTOUPDATE_ANNOTATION, "true"));
    }

    private static ClusterRole clusterRole(String name, PolicyRule... rules) {
        return new ClusterRole(meta("", name, Map.of()), List.of(rules), null);
    }

    private static ClusterRole aggregated(String name, String aggregateTo, Map<String, String> labels) {
        return new ClusterRole(meta("", name, labels), List.of(),
                List.of(LabelSelector.matching(AGGREGATE_TO + aggregateTo, "true")));
    }

    /**
     * system:aggregate-to-admin, -edit and -view, whose rules the aggregation fills admin, edit and
     * view with: the golden testdata's roles, kept verbatim in resources/bootstrappolicy. Dated by
     * content: ≈1.9 up to 1.13, ≈1.17 from 1.14 (edit and view chained), and the recent set
     * (pods/eviction, serviceaccounts/token, endpointslices, leases) from 1.30 (UNCERTAIN: the releases
     * that added each of these rules between ≈1.17 and ≈1.34 are not in the saved golden files).
     */
    private static List<ClusterRole> aggregateToRoles(KubeVersion v) {
        String file = v.atLeast(1, 30) ? "recent" : v.atLeast(1, 14) ? "1.17" : "1.9";
        return AGGREGATE_TO_ROLES.computeIfAbsent(file, BootstrapPolicy::readAggregateToRoles);
    }

    // Read once per JVM: every kube-apiserver start seeds these roles, and the roles are immutable.
    private static final Map<String, List<ClusterRole>> AGGREGATE_TO_ROLES = new ConcurrentHashMap<>();

    private static List<ClusterRole> readAggregateToRoles(String file) {
        try (InputStream in = BootstrapPolicy.class.getResourceAsStream("/bootstrappolicy/aggregate-to-roles-" + file + ".yaml")) {
            List<ClusterRole> roles = new ArrayList<>();
            Json.yaml().readTree(in).forEach(item -> roles.add(ClusterRole.fromJson(item)));
            return List.copyOf(roles);
        } catch (IOException e) {
            throw new UncheckedIOException("the bundled bootstrap policy cannot be read", e);
        }
    }

    private static ClusterRoleBinding clusterRoleBinding(String name, Subject... subjects) {
        return new ClusterRoleBinding(meta("", name, Map.of()), RoleRef.clusterRole(name), List.of(subjects));
    }

    private static Role role(String namespace, String name, PolicyRule... rules) {
        return new Role(meta(namespace, name, Map.of()), List.of(rules));
    }

    private static RoleBinding roleBinding(String namespace, String name, Subject... subjects) {
        return new RoleBinding(meta(namespace, name, Map.of()), RoleRef.role(name), List.of(subjects));
    }
}
