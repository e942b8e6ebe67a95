package io.bootsim.apiserver.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.authentication.UserInfo;
import io.bootsim.apiserver.authorization.AlwaysDeny;
import io.bootsim.apiserver.registry.certificates.AdmissionDecision;
import io.bootsim.core.api.Json;
import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeRestrictionTest {

    private static final UserInfo N1 = UserInfo.of("system:node:n1", "system:nodes", "system:authenticated");

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) Json.mapper().readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Admission chain(KubeVersion v, List<String> plugins) {
        return new Admission(plugins, new AlwaysDeny(), v, false);
    }

    private static String rejection(Admission admission, AdmissionRequest request) {
        return admission.admit(request).rejection().map(f -> f.status().message()).orElse("admitted");
    }

    private static AdmissionRequest node(UserInfo user, Operation op, String name, String newObject, String oldObject) {
        return new AdmissionRequest(user, op, "", "nodes", "", "", name,
                newObject == null ? null : json(newObject), oldObject == null ? null : json(oldObject));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "1.33 | create own node | CREATE | | {'metadata':{'name':'n1','labels':{'kubernetes.io/os':'linux','node.kubernetes.io/exclude-from-external-load-balancers':''}}} | | admitted",
            "1.33 | create other node | CREATE | | {'metadata':{'name':'n2'}} | | nodes \"n2\" is forbidden: node \"n1\" is not allowed to modify node \"n2\"",
            "1.33 | delete other node | DELETE | n2 | | {'metadata':{'name':'n2'}} | nodes \"n2\" is forbidden: node \"n1\" is not allowed to modify node \"n2\"",
            "1.33 | register as control plane | CREATE | | {'metadata':{'name':'n1','labels':{'node-role.kubernetes.io/control-plane':''}}} | | nodes \"n1\" is forbidden: node \"n1\" is not allowed to set the following labels: node-role.kubernetes.io/control-plane",
            "1.18 | register as control plane | CREATE | | {'metadata':{'name':'n1','labels':{'node-role.kubernetes.io/control-plane':''}}} | | admitted",
            "1.13 | restricted label at registration | CREATE | | {'metadata':{'name':'n1','labels':{'node-restriction.kubernetes.io/pool':'a'}}} | | nodes \"n1\" is forbidden: node \"n1\" is not allowed to set the following labels: node-restriction.kubernetes.io/pool",
            "1.12 | restricted label at registration | CREATE | | {'metadata':{'name':'n1','labels':{'node-restriction.kubernetes.io/pool':'a'}}} | | admitted",
            "1.33 | relabel self | UPDATE | n1 | {'metadata':{'name':'n1','labels':{'node-role.kubernetes.io/master':'','b.k8s.io/x':'1'}}} | {'metadata':{'name':'n1'}} | nodes \"n1\" is forbidden: is not allowed to modify labels: b.k8s.io/x, node-role.kubernetes.io/master",
            "1.16 | topology label not yet the kubelet's | UPDATE | n1 | {'metadata':{'name':'n1','labels':{'topology.kubernetes.io/zone':'a'}}} | {'metadata':{'name':'n1'}} | nodes \"n1\" is forbidden: is not allowed to modify labels: topology.kubernetes.io/zone",
            "1.17 | topology label | UPDATE | n1 | {'metadata':{'name':'n1','labels':{'topology.kubernetes.io/zone':'a'}}} | {'metadata':{'name':'n1'}} | admitted",
            "1.33 | untaint self | UPDATE | n1 | {'metadata':{'name':'n1'},'spec':{}} | {'metadata':{'name':'n1'},'spec':{'taints':[{'key':'k','effect':'NoSchedule'}]}} | nodes \"n1\" is forbidden: node \"n1\" is not allowed to modify taints",
            "1.33 | status heartbeat | UPDATE | n1 | {'metadata':{'name':'n1'},'spec':{'taints':[]},'status':{'phase':'Running'}} | {'metadata':{'name':'n1'},'spec':{}} | admitted",
            "1.33 | set configSource | CREATE | | {'metadata':{'name':'n1'},'spec':{'configSource':{}}} | | nodes \"n1\" is forbidden: node \"n1\" is not allowed to create pods with a non-nil configSource",
    })
    void nodesMayWriteOnlyThemselvesWithinTheirLabels(String version, String name, Operation op, String urlName,
                                                      String newObject, String oldObject, String expected) {
        Admission admission = chain(KubeVersion.parse(version), List.of(NodeRestriction.NAME));
        assertEquals(expected, rejection(admission, node(N1, op, urlName, newObject, oldObject)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "own lease | kube-node-lease | n1 | admitted",
            "other lease | kube-node-lease | n2 | leases.coordination.k8s.io \"n2\" is forbidden: can only access node lease with the same name as the requesting node",
            "lease elsewhere | default | n1 | leases.coordination.k8s.io \"n1\" is forbidden: can only access leases in the \"kube-node-lease\" system namespace",
    })
    void nodesMayRenewOnlyTheirOwnLease(String name, String namespace, String lease, String expected) {
        AdmissionRequest request = new AdmissionRequest(N1, Operation.CREATE, "coordination.k8s.io", "leases", "", namespace, "",
                json("{'metadata':{'name':'" + lease + "','namespace':'" + namespace + "'}}"), null);
        assertEquals(expected, rejection(chain(KubeVersion.NEWEST, List.of(NodeRestriction.NAME)), request));
    }

    @Test
    void aNodeUserWithoutANameIsRefusedEverything() {
        UserInfo nameless = UserInfo.of("system:node:", "system:nodes");
        AdmissionRequest request = new AdmissionRequest(nameless, Operation.CREATE, "", "events", "", "default", "",
                json("{'metadata':{'generateName':'ev-'}}"), null);
        assertEquals("events \"ev-\" is forbidden: could not determine node from user \"system:node:\"",
                rejection(chain(KubeVersion.NEWEST, List.of(NodeRestriction.NAME)), request));
    }

    @Test
    void nonNodesAndUnlistedPluginsAreNotRestricted() {
        AdmissionRequest otherNode = node(UserInfo.of("admin", "system:masters"), Operation.CREATE, "",
                "{'metadata':{'name':'n2','labels':{'node-role.kubernetes.io/master':''}}}", null);
        assertEquals("admitted", rejection(chain(KubeVersion.NEWEST, List.of(NodeRestriction.NAME)), otherNode));
        AdmissionRequest ownedByOther = node(N1, Operation.CREATE, "", "{'metadata':{'name':'n2'}}", null);
        assertEquals("admitted", rejection(chain(KubeVersion.NEWEST, List.of("NamespaceLifecycle")), ownedByOther));
    }

    @Test
    void csrApprovalGoesThroughCertificateApprovalWhenEnabled() {
        ObjectNode csr = json("{'metadata':{'name':'csr-1'},'spec':{'signerName':'kubernetes.io/kube-apiserver-client-kubelet'}}");
        AdmissionRequest approve = new AdmissionRequest(UserInfo.of("bob"), Operation.UPDATE, "certificates.k8s.io",
                "certificatesigningrequests", "approval", "", "csr-1", csr, csr);
        Admission.Outcome outcome = chain(KubeVersion.NEWEST, List.of("CertificateApproval", "CertificateSigning")).admit(approve);
        assertEquals("certificatesigningrequests.certificates.k8s.io \"csr-1\" is forbidden: user not permitted to approve "
                + "requests with signerName \"kubernetes.io/kube-apiserver-client-kubelet\"",
                outcome.rejection().orElseThrow().status().message());
        assertEquals(List.of(new AdmissionDecision.Forbid("CertificateApproval", outcome.rejection().get().status())),
                outcome.verdicts());
        assertTrue(chain(KubeVersion.of(1, 17), List.of("NodeRestriction")).admit(approve).admitted());
    }
}
