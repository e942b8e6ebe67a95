package io.bootsim.apiserver.registry;

import io.bootsim.apiserver.registry.ServedResources.Resource;
import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServedResourcesTest {

    @ParameterizedTest(name = "{0}: {1}/{2} {3} served={4}")
    @CsvSource(delimiter = '|', textBlock = """
            1.9  | certificates.k8s.io       | v1beta1 | certificatesigningrequests | true
            1.9  | certificates.k8s.io       | v1      | certificatesigningrequests | false
            1.19 | certificates.k8s.io       | v1      | certificatesigningrequests | true
            1.21 | certificates.k8s.io       | v1beta1 | certificatesigningrequests | true
            1.22 | certificates.k8s.io       | v1beta1 | certificatesigningrequests | false
            1.11 | coordination.k8s.io       | v1beta1 | leases                     | false
            1.13 | coordination.k8s.io       | v1beta1 | leases                     | true
            1.13 | coordination.k8s.io       | v1      | leases                     | false
            1.14 | coordination.k8s.io       | v1      | leases                     | true
            1.22 | coordination.k8s.io       | v1beta1 | leases                     | false
            1.9  | rbac.authorization.k8s.io | v1      | clusterrolebindings        | true
            1.21 | rbac.authorization.k8s.io | v1beta1 | roles                      | true
            1.22 | rbac.authorization.k8s.io | v1beta1 | roles                      | false
            1.26 | authentication.k8s.io     | v1beta1 | selfsubjectreviews         | false
            1.27 | authentication.k8s.io     | v1beta1 | selfsubjectreviews         | true
            1.27 | authentication.k8s.io     | v1      | selfsubjectreviews         | false
            1.28 | authentication.k8s.io     | v1      | selfsubjectreviews         | true
            1.33 | authorization.k8s.io      | v1      | selfsubjectrulesreviews    | true
            """)
    void servesEachGroupVersionOnlyInTheReleasesThatHadIt(String version, String group, String gv, String resource,
                                                         boolean served) {
        assertEquals(served, ServedResources.at(KubeVersion.parse(version)).resource(group, gv, resource).isPresent());
    }

    @Test
    void csrIsClusterScopedWithShortNameCsrAndApprovalAndStatusSubresources() {
        Resource csr = ServedResources.at(KubeVersion.NEWEST)
                .resource("certificates.k8s.io", "v1", "certificatesigningrequests").orElseThrow();
        assertFalse(csr.namespaced());
        assertEquals(List.of("csr"), csr.shortNames());
        assertEquals("certificatesigningrequest", csr.singularName());
        assertEquals(List.of("approval", "status"), csr.subresources().stream().map(ServedResources.Subresource::name).toList());
    }

    @Test
    void namespacesCannotBeDeletedAsACollection() {
        Resource ns = ServedResources.at(KubeVersion.NEWEST).resource("", "v1", "namespaces").orElseThrow();
        assertFalse(ns.verbs().contains("deletecollection"));
        assertTrue(ServedResources.at(KubeVersion.NEWEST).resource("", "v1", "nodes").orElseThrow()
                .verbs().contains("deletecollection"));
    }

    @Test
    void preferredVersionIsTheStableOneWhileBetaIsStillServed() {
        ServedResources at120 = ServedResources.at(KubeVersion.of(1, 20));
        assertEquals(List.of("v1", "v1beta1"), at120.group("certificates.k8s.io").orElseThrow().versions().stream()
                .map(ServedResources.GroupVersion::version).toList());
        assertEquals("v1beta1", ServedResources.at(KubeVersion.of(1, 13)).group("coordination.k8s.io").orElseThrow()
                .preferred().version());
    }

    @Test
    void groupsFollowUpstreamPriorityOrderAndEmptyGroupsAreLeftOut() {
        assertEquals(List.of("authentication.k8s.io", "authorization.k8s.io", "certificates.k8s.io",
                        "rbac.authorization.k8s.io"),
                ServedResources.at(KubeVersion.of(1, 9)).apiGroups().stream().map(ServedResources.Group::name).toList());
        assertEquals("coordination.k8s.io", ServedResources.at(KubeVersion.NEWEST).apiGroups().get(4).name());
    }
}
