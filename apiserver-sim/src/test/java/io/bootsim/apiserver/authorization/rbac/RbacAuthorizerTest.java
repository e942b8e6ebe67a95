package io.bootsim.apiserver.authorization.rbac;

import io.bootsim.apiserver.authentication.UserInfo;
import io.bootsim.apiserver.authorization.Attributes;
import io.bootsim.apiserver.authorization.Decision;
import io.bootsim.apiserver.authorization.KlogLine;
import io.bootsim.apiserver.authorization.Requests;
import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RbacAuthorizerTest {

    private static final KubeVersion V133 = KubeVersion.of(1, 33);

    static ClusterRole clusterRole(String name, PolicyRule... rules) {
        return new ClusterRole(ObjectMeta.named(name), List.of(rules), null);
    }

    static ClusterRoleBinding crb(String name, String role, Subject... subjects) {
        return new ClusterRoleBinding(ObjectMeta.named(name), RoleRef.clusterRole(role), List.of(subjects));
    }

    static RoleBinding rb(String ns, String name, RoleRef ref, Subject... subjects) {
        return new RoleBinding(new ObjectMeta(name, ns, java.util.Map.of(), java.util.Map.of()), ref, List.of(subjects));
    }

    static PolicyRule rule(String verbs, String groups, String resources) {
        return new PolicyRule(List.of(verbs.split(",")), List.of(groups.split(",")), List.of(resources.split(",")), List.of(), List.of());
    }

    static PolicyRule urlRule(String verbs, String urls) {
        return new PolicyRule(List.of(verbs.split(",")), List.of(), List.of(), List.of(), List.of(urls.split(",")));
    }

    /** The four fixtures of upstream's TestAuthorizer. */
    static RbacIndex fixture(String name) {
        RbacIndex index = new RbacIndex();
        switch (name) {
            case "admin-any" -> {
                index.putClusterRole(clusterRole("admin", new PolicyRule(List.of("*"), List.of("*"), List.of("*"), List.of(), List.of("*"))));
                index.putRoleBinding(rb("ns1", "admin", RoleRef.clusterRole("admin"), Subject.user("admin"), Subject.group("admins")));
            }
            case "non-resource" -> {
                index.putClusterRole(clusterRole("non-resource-url-getter", urlRule("get", "/apis")));
                index.putClusterRole(clusterRole("non-resource-url", urlRule("*", "/apis")));
                index.putClusterRole(clusterRole("non-resource-url-prefix", urlRule("get", "/apis/*")));
                index.putClusterRoleBinding(crb("getter", "non-resource-url-getter", Subject.user("foo"), Subject.group("bar")));
                index.putClusterRoleBinding(crb("url", "non-resource-url", Subject.user("admin"), Subject.group("admin")));
                index.putClusterRoleBinding(crb("prefix", "non-resource-url-prefix", Subject.user("prefixed"), Subject.group("prefixed")));
            }
            case "pods-only" -> {
                index.putClusterRole(clusterRole("admin", rule("*", "*", "pods")));
                index.putRoleBinding(rb("ns1", "admin", RoleRef.clusterRole("admin"), Subject.user("admin"), Subject.group("admins")));
            }
            case "subresources" -> {
                index.putClusterRole(clusterRole("admin", rule("*", "*", "pods/status"), rule("*", "*", "*/scale")));
                index.putRoleBinding(rb("ns1", "admin", RoleRef.clusterRole("admin"), Subject.user("admin"), Subject.group("admins")));
            }
            default -> throw new IllegalArgumentException(name);
        }
        return index;
    }

    @ParameterizedTest(name = "{1}: {2} {4} {5}/{6} in {7}")
    @CsvFileSource(resources = "/authorization/rbac-authorizer-b1.csv")
    void upstreamTestAuthorizerVectors(String fixture, String id, String user, String groups, String verb,
                                       String resource, String subresource, String ns, boolean allowed) {
        RbacAuthorizer rbac = new RbacAuthorizer(new RuleResolver(fixture(fixture)), V133);
        Attributes a = Requests.request(Requests.user(user, groups), verb, "", resource, subresource, ns, "");
        assertEquals(allowed, rbac.authorize(a).allowed(), id);
    }

    @Test
    void allowReasonNamesBindingRoleAndFirstMatchingSubject() {
        RbacIndex index = new RbacIndex();
        index.putClusterRole(clusterRole("system:node-bootstrapper", rule("create,get,list,watch", "certificates.k8s.io", "certificatesigningrequests")));
        index.putClusterRoleBinding(crb("kubelet-bootstrap", "system:node-bootstrapper", Subject.group("system:bootstrappers")));
        Decision d = new RbacAuthorizer(new RuleResolver(index), V133).authorize(Attributes.resource(
                UserInfo.of("system:bootstrap:abcdef", "system:bootstrappers", "system:authenticated"),
                "create", "", "certificates.k8s.io", "certificatesigningrequests", "", ""));
        assertEquals(new Decision.Allow("RBAC: allowed by ClusterRoleBinding \"kubelet-bootstrap\" of ClusterRole "
                + "\"system:node-bootstrapper\" to Group \"system:bootstrappers\""), d);
    }

    @Test
    void roleBindingReasonNamesNamespaceAndDefaultsServiceAccountNamespace() {
        RbacIndex index = new RbacIndex();
        index.putRole(new Role(new ObjectMeta("reader", "ns1", java.util.Map.of(), java.util.Map.of()), List.of(rule("get", "", "pods"))));
        index.putRoleBinding(rb("ns1", "read", RoleRef.role("reader"), new Subject(Subject.SERVICE_ACCOUNT, "", "default", "")));
        Decision d = new RbacAuthorizer(new RuleResolver(index), V133).authorize(Attributes.resource(
                UserInfo.of("system:serviceaccount:ns1:default"), "get", "ns1", "", "pods", "", "p"));
        assertEquals("RBAC: allowed by RoleBinding \"read/ns1\" of Role \"reader\" to ServiceAccount \"default/ns1\"", d.reason());
    }

    @Test
    void clusterRoleBindingServiceAccountWithoutNamespaceMatchesNobody() {
        RbacIndex index = new RbacIndex();
        index.putClusterRole(clusterRole("r", rule("get", "", "pods")));
        index.putClusterRoleBinding(crb("b", "r", new Subject(Subject.SERVICE_ACCOUNT, "", "default", "")));
        assertFalse(new RbacAuthorizer(new RuleResolver(index), V133).authorize(Attributes.resource(
                UserInfo.of("system:serviceaccount::default"), "get", "", "", "pods", "", "")).allowed());
    }

    @Test
    void missingRoleIsNoOpinionWithListerNotFoundReason() {
        RbacIndex index = new RbacIndex();
        index.putClusterRoleBinding(crb("b", "foo", Subject.user("bob")));
        index.putClusterRoleBinding(crb("c", "bar", Subject.group("devs")));
        RbacAuthorizer rbac = new RbacAuthorizer(new RuleResolver(index), V133);
        assertEquals(new Decision.NoOpinion("RBAC: clusterrole.rbac.authorization.k8s.io \"foo\" not found"),
                rbac.authorize(Attributes.resource(UserInfo.of("bob"), "get", "", "", "nodes", "", "")));
        // bindings are visited by name: "b" (role foo) before "c" (role bar)
        assertEquals(new Decision.NoOpinion("RBAC: [clusterrole.rbac.authorization.k8s.io \"foo\" not found, "
                        + "clusterrole.rbac.authorization.k8s.io \"bar\" not found]"),
                rbac.authorize(Attributes.resource(UserInfo.of("bob", "devs"), "get", "", "", "nodes", "", "")));
    }

    @Test
    void removedBindingNoLongerAllows() {
        RbacIndex index = fixture("pods-only");
        RbacAuthorizer rbac = new RbacAuthorizer(new RuleResolver(index), V133);
        Attributes a = Attributes.resource(UserInfo.of("admin"), "get", "ns1", "", "pods", "", "");
        assertTrue(rbac.authorize(a).allowed());
        index.removeRoleBinding("ns1", "admin");
        assertFalse(rbac.authorize(a).allowed());
    }

    @Test
    void aggregatedClusterRoleGrantsRulesOfMatchingRoles() {
        RbacIndex index = new RbacIndex();
        index.putClusterRole(new ClusterRole(ObjectMeta.named("view"), List.of(),
                List.of(LabelSelector.matching("rbac.authorization.k8s.io/aggregate-to-view", "true"))));
        index.putClusterRoleBinding(crb("viewers", "view", Subject.group("viewers")));
        RbacAuthorizer rbac = new RbacAuthorizer(new RuleResolver(index), V133);
        Attributes a = Attributes.resource(UserInfo.of("v", "viewers"), "get", "", "", "pods", "", "");
        assertFalse(rbac.authorize(a).allowed());
        index.putClusterRole(new ClusterRole(new ObjectMeta("pod-reader", "",
                java.util.Map.of("rbac.authorization.k8s.io/aggregate-to-view", "true"), java.util.Map.of()),
                List.of(rule("get", "", "pods")), null));
        assertTrue(rbac.authorize(a).allowed());
    }

    @Test
    void noOpinionLogLineWordingAndVerbosityFollowTheRelease() {
        Attributes a = Attributes.resource(UserInfo.of("system:node:n1", "system:nodes", "system:authenticated"),
                "get", "", "", "nodes", "", "n1");
        Decision none = new Decision.NoOpinion("");
        RuleResolver empty = new RuleResolver(new RbacIndex());
        assertEquals(new KlogLine(2, "rbac.go", "RBAC DENY: user \"system:node:n1\" groups [\"system:nodes\" \"system:authenticated\"] "
                        + "cannot \"get\" resource \"nodes\" named \"n1\" cluster-wide"),
                new RbacAuthorizer(empty, KubeVersion.of(1, 9)).logLine(a, none).orElseThrow());
        assertEquals(5, new RbacAuthorizer(empty, KubeVersion.of(1, 10)).logLine(a, none).orElseThrow().verbosity());
        assertTrue(new RbacAuthorizer(empty, KubeVersion.of(1, 18)).logLine(a, none).orElseThrow().message().startsWith("RBAC DENY: "));
        assertEquals(new KlogLine(5, "rbac.go", "RBAC: no rules authorize user \"system:node:n1\" with groups "
                        + "[\"system:nodes\" \"system:authenticated\"] to \"get\" resource \"nodes\" named \"n1\" cluster-wide"),
                new RbacAuthorizer(empty, KubeVersion.of(1, 19)).logLine(a, none).orElseThrow());
        Attributes csr = Attributes.resource(UserInfo.of("u"), "update", "ns", "certificates.k8s.io",
                "certificatesigningrequests", "approval", "");
        assertEquals("RBAC: no rules authorize user \"u\" with groups [] to \"update\" resource "
                        + "\"certificatesigningrequests.certificates.k8s.io/approval\" in namespace \"ns\"",
                new RbacAuthorizer(empty, V133).logLine(csr, none).orElseThrow().message());
        assertEquals("RBAC: no rules authorize user \"u\" with groups [] to \"get\" nonResourceURL \"/api\" cluster-wide",
                new RbacAuthorizer(empty, V133).logLine(Attributes.nonResource(UserInfo.of("u"), "get", "/api"), none).orElseThrow().message());
        assertTrue(new RbacAuthorizer(empty, V133).logLine(a, new Decision.Allow("x")).isEmpty());
    }
}
