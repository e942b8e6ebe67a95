package io.bootsim.apiserver.authorization;

import io.bootsim.apiserver.authentication.UserInfo;
import io.bootsim.apiserver.authorization.rbac.ClusterRole;
import io.bootsim.apiserver.authorization.rbac.ClusterRoleBinding;
import io.bootsim.apiserver.authorization.rbac.ObjectMeta;
import io.bootsim.apiserver.authorization.rbac.PolicyRule;
import io.bootsim.apiserver.authorization.rbac.RbacIndex;
import io.bootsim.apiserver.authorization.rbac.RoleRef;
import io.bootsim.apiserver.authorization.rbac.Subject;
import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnionTest {

    private static final Attributes ANY = Attributes.nonResource(UserInfo.of("u"), "get", "/");

    private static Authorizer fixed(String name, Decision d) {
        return new Authorizer() {
            @Override
            public Decision authorize(Attributes attributes) {
                return d;
            }

            @Override
            public String name() {
                return name;
            }
        };
    }

    private static Authorizer failing(String name) {
        return new Authorizer() {
            @Override
            public Decision authorize(Attributes attributes) {
                throw new AssertionError(name + " must not be asked");
            }

            @Override
            public String name() {
                return name;
            }
        };
    }

    @Test
    void noOpinionThenAllowIsAllow() { // U1
        assertTrue(new Union(List.of(fixed("a", new Decision.NoOpinion("")), fixed("b", new Decision.Allow("")))).authorize(ANY).allowed());
    }

    @Test
    void allowFirstStopsTheChain() { // U2
        assertTrue(new Union(List.of(fixed("a", new Decision.Allow("")), failing("b"))).authorize(ANY).allowed());
    }

    @Test
    void errorsAreAggregatedAndNotAllowed() { // U4
        Decision d = new Union(List.of(fixed("a", new Decision.NoOpinion("", "foo")), fixed("b", new Decision.NoOpinion("", "foo"))))
                .authorize(ANY);
        assertFalse(d.allowed());
        assertEquals("[foo, foo]", d.error());
    }

    @Test
    void denyFirstStopsTheChain() {
        assertEquals(new Decision.Deny("no"), new Union(List.of(fixed("a", new Decision.Deny("no")), failing("b"))).authorize(ANY));
    }

    @Test
    void noOpinionReasonsJoinWithNewlineSkippingEmpty() {
        assertEquals(new Decision.NoOpinion("a\nb"), new Union(List.of(fixed("x", new Decision.NoOpinion("a")),
                fixed("y", new Decision.NoOpinion("b")))).authorize(ANY));
        assertEquals(new Decision.NoOpinion("b"), new Union(List.of(fixed("x", new Decision.NoOpinion("")),
                fixed("y", new Decision.NoOpinion("b")))).authorize(ANY));
    }

    @Test
    void systemMastersIsAllowedEvenWithAlwaysDeny() {
        Union chain = AuthorizerConfig.build(new AuthorizationOptions(List.of("AlwaysDeny"), "", ""), new RbacIndex(),
                KubeVersion.NEWEST).union();
        assertTrue(chain.authorize(Attributes.nonResource(UserInfo.of("admin", "system:masters"), "delete", "/x")).allowed());
        assertEquals(new Decision.NoOpinion("Everything is forbidden."), chain.authorize(ANY));
    }

    @Test
    void traceListsEachVerdictInChainOrder() {
        RbacIndex rbac = new RbacIndex();
        rbac.putClusterRole(new ClusterRole(ObjectMeta.named("system:node-bootstrapper"), List.of(PolicyRule.verbs("create")
                .groups("certificates.k8s.io").resources("certificatesigningrequests")), null));
        rbac.putClusterRoleBinding(new ClusterRoleBinding(ObjectMeta.named("kubelet-bootstrap"),
                RoleRef.clusterRole("system:node-bootstrapper"), List.of(Subject.group("system:bootstrappers"))));
        Union chain = new Union(List.of(new io.bootsim.apiserver.authorization.node.NodeAuthorizer(KubeVersion.NEWEST),
                new AlwaysDeny(), new io.bootsim.apiserver.authorization.rbac.RbacAuthorizer(
                        new io.bootsim.apiserver.authorization.rbac.RuleResolver(rbac), KubeVersion.NEWEST)));
        Union.Result r = chain.evaluate(Attributes.resource(UserInfo.of("system:bootstrap:abcdef", "system:bootstrappers"),
                "create", "", "certificates.k8s.io", "certificatesigningrequests", "", ""));
        assertTrue(r.decision().allowed());
        assertEquals("Node: no opinion, AlwaysDeny: no opinion (Everything is forbidden.), RBAC: allowed by ClusterRoleBinding "
                + "\"kubelet-bootstrap\" of ClusterRole \"system:node-bootstrapper\" to Group \"system:bootstrappers\"", r.describe());
        assertTrue(r.logs().isEmpty());
    }
}
