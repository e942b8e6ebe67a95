package io.bootsim.apiserver.bootstrappolicy;

import io.bootsim.apiserver.authentication.UserInfo;
import io.bootsim.apiserver.authorization.Attributes;
import io.bootsim.apiserver.authorization.AuthorizationOptions;
import io.bootsim.apiserver.authorization.AuthorizerConfig;
import io.bootsim.apiserver.authorization.Forbidden;
import io.bootsim.apiserver.authorization.Union;
import io.bootsim.apiserver.authorization.rbac.ClusterRole;
import io.bootsim.apiserver.authorization.rbac.ClusterRoleBinding;
import io.bootsim.apiserver.authorization.rbac.EscalationCheck;
import io.bootsim.apiserver.authorization.rbac.ObjectMeta;
import io.bootsim.apiserver.authorization.rbac.PolicyRule;
import io.bootsim.apiserver.authorization.rbac.RbacIndex;
import io.bootsim.apiserver.authorization.rbac.RoleRef;
import io.bootsim.apiserver.authorization.rbac.RuleResolver;
import io.bootsim.apiserver.authorization.rbac.Subject;
import io.bootsim.core.api.Status;
import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** B12: the bootstrap flow's requests against the default policy plus kubeadm's bindings, modes Node,RBAC. */
class BootstrapFlowAuthorizationTest {

    private static final UserInfo BOOTSTRAP = UserInfo.of("system:bootstrap:abcdef", "system:bootstrappers",
            "system:bootstrappers:kubeadm:default-node-token", "system:authenticated");
    private static final UserInfo NODE = UserInfo.of("system:node:n1", "system:nodes", "system:authenticated");
    private static final UserInfo ANONYMOUS = UserInfo.of("system:anonymous", "system:unauthenticated");

    static RbacIndex defaultPolicyWithKubeadmBindings(KubeVersion v) {
        RbacIndex rbac = new RbacIndex();
        BootstrapPolicy.clusterRoles(v).forEach(rbac::putClusterRole);
        BootstrapPolicy.clusterRoleBindings(v).forEach(rbac::putClusterRoleBinding);
        BootstrapPolicy.namespaceRoles(v).forEach(rbac::putRole);
        BootstrapPolicy.namespaceRoleBindings(v).forEach(rbac::putRoleBinding);
        String tokenGroup = "system:bootstrappers:kubeadm:default-node-token";
        rbac.putClusterRoleBinding(binding("kubeadm:kubelet-bootstrap", "system:node-bootstrapper", Subject.group(tokenGroup)));
        rbac.putClusterRoleBinding(binding("kubeadm:node-autoapprove-bootstrap",
                "system:certificates.k8s.io:certificatesigningrequests:nodeclient", Subject.group(tokenGroup)));
        rbac.putClusterRoleBinding(binding("kubeadm:node-autoapprove-certificate-rotation",
                "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient", Subject.group("system:nodes")));
        return rbac;
    }

    private static ClusterRoleBinding binding(String name, String role, Subject... subjects) {
        return new ClusterRoleBinding(ObjectMeta.named(name), RoleRef.clusterRole(name.equals(role) ? name : role), List.of(subjects));
    }

    private static Union chain(KubeVersion v) {
        return AuthorizerConfig.build(new AuthorizationOptions(List.of("Node", "RBAC"), "", ""),
                defaultPolicyWithKubeadmBindings(v), v).union();
    }

    private static Attributes csr(UserInfo user, String verb, String subresource) {
        return Attributes.resource(user, verb, "", "certificates.k8s.io", "certificatesigningrequests", subresource, "");
    }

    @ParameterizedTest(name = "D2 {0}")
    @CsvSource({"create", "get", "list", "watch"})
    void bootstrapTokenMayCreateAndWatchCsrsThroughKubeadmBinding(String verb) { // D1, D2
        Union.Result r = chain(KubeVersion.NEWEST).evaluate(csr(BOOTSTRAP, verb, ""));
        assertEquals("Node: no opinion, RBAC: allowed by ClusterRoleBinding \"kubeadm:kubelet-bootstrap\" of ClusterRole "
                + "\"system:node-bootstrapper\" to Group \"system:bootstrappers:kubeadm:default-node-token\"", r.describe());
    }

    @Test
    void bootstrapTokenIsNotGrantedSelfnodeclient() { // D4
        assertFalse(chain(KubeVersion.NEWEST).authorize(csr(BOOTSTRAP, "create", "selfnodeclient")).allowed());
        assertTrue(chain(KubeVersion.NEWEST).authorize(csr(BOOTSTRAP, "create", "nodeclient")).allowed());
    }

    @Test
    void bootstrapTokenCannotGetNodes() { // D5
        Attributes get = Attributes.resource(BOOTSTRAP, "get", "", "", "nodes", "", "n1");
        Union.Result r = chain(KubeVersion.NEWEST).evaluate(get);
        assertFalse(r.decision().allowed());
        assertEquals("nodes \"n1\" is forbidden: User \"system:bootstrap:abcdef\" cannot get resource \"nodes\" in API group \"\" "
                + "at the cluster scope", Forbidden.message(get, r.decision().reason(), KubeVersion.NEWEST));
        assertEquals(1, r.logs().size());
    }

    @Test
    void nodeCreatesCsrThroughNodeAuthorizerAndRbacIsNeverAsked() { // D7
        Union.Result r = chain(KubeVersion.NEWEST).evaluate(csr(NODE, "create", ""));
        assertTrue(r.decision().allowed());
        assertEquals(2, r.verdicts().size(), r.describe());
        assertEquals("Node", r.verdicts().get(1).authorizer());
    }

    @Test
    void nodeIsGrantedSelfnodeclientThroughRotationBinding() { // D8
        Union.Result r = chain(KubeVersion.NEWEST).evaluate(csr(NODE, "create", "selfnodeclient"));
        assertTrue(r.decision().reason().contains("kubeadm:node-autoapprove-certificate-rotation"), r.describe());
    }

    @ParameterizedTest(name = "D10/D11 {0}")
    @CsvSource({"1.13,true", "1.14,false", "1.33,false"})
    void anonymousDiscoveryAndSelfReviewsEndedIn114(String version, boolean allowed) {
        Union chain = chain(KubeVersion.parse(version));
        assertEquals(allowed, chain.authorize(Attributes.nonResource(ANONYMOUS, "get", "/api")).allowed());
        assertEquals(allowed, chain.authorize(Attributes.resource(ANONYMOUS, "create", "", "authorization.k8s.io",
                "selfsubjectaccessreviews", "", "")).allowed());
    }

    @Test
    void anonymousRootPathForbiddenBodyWith114() {
        Attributes root = Attributes.nonResource(ANONYMOUS, "get", "/api");
        assertEquals("forbidden: User \"system:anonymous\" cannot get path \"/api\"",
                Forbidden.message(root, chain(KubeVersion.NEWEST).authorize(root).reason(), KubeVersion.NEWEST));
    }

    @Test
    void rbacBeforeNodeSucceedsButLogsTheRbacDenyLine() {
        KubeVersion v = KubeVersion.of(1, 9);
        Union chain = AuthorizerConfig.build(new AuthorizationOptions(List.of("RBAC", "Node"), "", ""),
                defaultPolicyWithKubeadmBindings(v), v).union();
        Union.Result r = chain.evaluate(Attributes.resource(NODE, "get", "", "", "nodes", "", "n1"));
        assertTrue(r.decision().allowed());
        assertEquals(2, r.logs().get(0).verbosity());
        assertTrue(r.logs().get(0).message().startsWith("RBAC DENY: user \"system:node:n1\""));
    }

    @Test
    void grantingPermissionsNotHeldIsForbiddenWithUpstreamMessage() {
        KubeVersion v = KubeVersion.NEWEST;
        RbacIndex rbac = defaultPolicyWithKubeadmBindings(v);
        Union chain = AuthorizerConfig.build(new AuthorizationOptions(List.of("Node", "RBAC"), "", ""), rbac, v).union();
        EscalationCheck check = new EscalationCheck(chain, new RuleResolver(rbac), v);
        ClusterRole wanted = new ClusterRole(ObjectMeta.named("csr-approver"), List.of(
                PolicyRule.verbs("create", "update").groups("certificates.k8s.io").resources("certificatesigningrequests")), null);
        Optional<Status> status = check.checkClusterRole(BOOTSTRAP, wanted, null);
        assertEquals("clusterroles.rbac.authorization.k8s.io \"csr-approver\" is forbidden: user \"system:bootstrap:abcdef\" "
                + "(groups=[\"system:bootstrappers\" \"system:bootstrappers:kubeadm:default-node-token\" \"system:authenticated\"]) "
                + "is attempting to grant RBAC permissions not currently held:\n"
                + "{APIGroups:[\"certificates.k8s.io\"], Resources:[\"certificatesigningrequests\"], Verbs:[\"update\"]}",
                status.orElseThrow().message());
        assertEquals(403, status.get().code());
        assertEquals(Optional.empty(), check.checkClusterRole(UserInfo.of("admin", "system:masters"), wanted, null));
        ClusterRole held = wanted.withRules(List.of(PolicyRule.verbs("create").groups("certificates.k8s.io")
                .resources("certificatesigningrequests")));
        assertEquals(Optional.empty(), check.checkClusterRole(BOOTSTRAP, held, null));
    }

    @Test
    void bindingNeedsBindVerbOrHeldPermissionsAndAnExistingRole() {
        KubeVersion v = KubeVersion.NEWEST;
        RbacIndex rbac = defaultPolicyWithKubeadmBindings(v);
        Union chain = AuthorizerConfig.build(new AuthorizationOptions(List.of("RBAC"), "", ""), rbac, v).union();
        EscalationCheck check = new EscalationCheck(chain, new RuleResolver(rbac), v);
        ClusterRoleBinding toAdmin = binding("steal", "cluster-admin", Subject.user("system:bootstrap:abcdef"));
        assertEquals(403, check.checkBinding(BOOTSTRAP, toAdmin).orElseThrow().code());
        assertTrue(check.checkBinding(BOOTSTRAP, toAdmin).get().message().startsWith(
                "clusterrolebindings.rbac.authorization.k8s.io \"steal\" is forbidden: user \"system:bootstrap:abcdef\""));
        assertEquals("clusterrole.rbac.authorization.k8s.io \"nope\" not found",
                check.checkBinding(BOOTSTRAP, binding("x", "nope", Subject.user("u"))).orElseThrow().message());
        rbac.putClusterRole(new ClusterRole(ObjectMeta.named("binder"), List.of(PolicyRule.verbs("bind")
                .groups("rbac.authorization.k8s.io").resources("clusterroles").names("cluster-admin")), null));
        rbac.putClusterRoleBinding(binding("binder", "binder", Subject.user("system:bootstrap:abcdef")));
        assertEquals(Optional.empty(), check.checkBinding(BOOTSTRAP, toAdmin));
    }

    @Test
    void aggregationRuleNeedsClusterAdmin() {
        KubeVersion v = KubeVersion.NEWEST;
        RbacIndex rbac = defaultPolicyWithKubeadmBindings(v);
        Union chain = AuthorizerConfig.build(new AuthorizationOptions(List.of("RBAC"), "", ""), rbac, v).union();
        EscalationCheck check = new EscalationCheck(chain, new RuleResolver(rbac), v);
        ClusterRole aggregated = BootstrapPolicy.clusterRoles(v).stream().filter(r -> r.name().equals("view")).findFirst().orElseThrow();
        assertEquals("clusterroles.rbac.authorization.k8s.io \"view\" is forbidden: must have cluster-admin privileges to use "
                + "the aggregationRule", check.checkClusterRole(BOOTSTRAP, aggregated, null).orElseThrow().message());
        rbac.putClusterRoleBinding(binding("root", "cluster-admin", Subject.user("root")));
        assertEquals(Optional.empty(), check.checkClusterRole(UserInfo.of("root"), aggregated, null));
    }
}
