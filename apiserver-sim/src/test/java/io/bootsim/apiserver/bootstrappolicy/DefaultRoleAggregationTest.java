package io.bootsim.apiserver.bootstrappolicy;

import io.bootsim.apiserver.authentication.UserInfo;
import io.bootsim.apiserver.authorization.Attributes;
import io.bootsim.apiserver.authorization.rbac.ObjectMeta;
import io.bootsim.apiserver.authorization.rbac.PolicyRule;
import io.bootsim.apiserver.authorization.rbac.RbacAuthorizer;
import io.bootsim.apiserver.authorization.rbac.RbacIndex;
import io.bootsim.apiserver.authorization.rbac.RoleBinding;
import io.bootsim.apiserver.authorization.rbac.RoleRef;
import io.bootsim.apiserver.authorization.rbac.RuleResolver;
import io.bootsim.apiserver.authorization.rbac.Subject;
import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * admin, edit and view get their permissions from the default system:aggregate-to-* roles, and
 * from 1.14 through the chain view -> edit -> admin (edit and view carry aggregate-to labels).
 */
class DefaultRoleAggregationTest {

    private static final UserInfo ALICE = UserInfo.of("alice", "system:authenticated");

    private static RbacAuthorizer boundInNs1(KubeVersion v, String clusterRole) {
        RbacIndex index = new RbacIndex();
        BootstrapPolicy.clusterRoles(v).forEach(index::putClusterRole);
        index.putRoleBinding(new RoleBinding(new ObjectMeta("alice-" + clusterRole, "ns1", Map.of(), Map.of()),
                RoleRef.clusterRole(clusterRole), List.of(Subject.user("alice"))));
        return new RbacAuthorizer(new RuleResolver(index), v);
    }

    @ParameterizedTest(name = "{0} {1}: {2} {3}.{4} -> {5}")
    @CsvSource({
            // from system:aggregate-to-admin only
            "1.33, admin, create, rbac.authorization.k8s.io, rolebindings, true",
            "1.33, edit, create, rbac.authorization.k8s.io, rolebindings, false",
            // from system:aggregate-to-edit, through edit into admin
            "1.33, admin, create, '', secrets, true",
            "1.33, edit, create, '', secrets, true",
            "1.33, view, create, '', secrets, false",
            // from system:aggregate-to-view, through view into edit and admin
            "1.33, admin, list, discovery.k8s.io, endpointslices, true",
            "1.33, view, list, apps, deployments, true",
            "1.33, view, list, '', secrets, false",
            "1.17, admin, watch, networking.k8s.io, networkpolicies, true",
            // 1.9 had no chain: each role aggregated only its own system:aggregate-to-* role
            "1.9, admin, create, '', pods, true",
            "1.9, view, list, extensions, deployments, true",
            "1.9, view, create, '', pods, false",
    })
    void aggregatedDefaultRolesGrantTheirAggregateToRules(String version, String role, String verb, String group,
                                                         String resource, boolean allowed) {
        Attributes request = Attributes.resource(ALICE, verb, "ns1", group, resource, "", "");
        assertEquals(allowed, boundInNs1(KubeVersion.parse(version), role).authorize(request).allowed());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"1.17", "1.33"})
    void adminHoldsEveryRuleOfEditAndEditEveryRuleOfView(String version) {
        KubeVersion v = KubeVersion.parse(version);
        RbacIndex index = new RbacIndex();
        BootstrapPolicy.clusterRoles(v).forEach(index::putClusterRole);
        List<PolicyRule> admin = index.clusterRoleRules("admin").orElseThrow();
        List<PolicyRule> edit = index.clusterRoleRules("edit").orElseThrow();
        List<PolicyRule> view = index.clusterRoleRules("view").orElseThrow();
        assertTrue(!view.isEmpty());
        assertTrue(admin.containsAll(edit) && admin.size() > edit.size());
        assertTrue(edit.containsAll(view) && edit.size() > view.size());
    }
}
