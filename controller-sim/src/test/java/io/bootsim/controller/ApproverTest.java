package io.bootsim.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.controller.certificates.Csr;
import io.bootsim.controller.certificates.SyncResult;
import io.bootsim.controller.certificates.approver.Recognizer;
import io.bootsim.controller.certificates.approver.SarApprover;
import io.bootsim.core.api.Json;
import io.bootsim.core.client.FakeApi;
import io.bootsim.core.pki.CertificateRequest;
import io.bootsim.core.pki.Subject;
import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** csr-vectors section 3: sarapprove_test.go. */
class ApproverTest {

    static final KubeVersion V = KubeVersion.NEWEST;
    static final List<String> THREE = List.of("key encipherment", "digital signature", "client auth");
    static final List<String> TWO = List.of("digital signature", "client auth");
    final Fixture f = new Fixture();

    record Deviation(String name, String cn, List<String> org, List<String> extraUsages, String signer, String requester,
                     boolean nodeclient, boolean selfnodeclient) {
    }

    static Stream<Arguments> recognizers() {
        List<Deviation> rows = List.of(
                new Deviation("none", "system:node:foo", List.of("system:nodes"), List.of(), Csr.KUBE_APISERVER_CLIENT_KUBELET, "system:node:foo", true, true),
                new Deviation("CN mike", "mike", List.of("system:nodes"), List.of(), Csr.KUBE_APISERVER_CLIENT_KUBELET, "system:node:foo", false, false),
                new Deviation("O system:master", "system:node:foo", List.of("system:master"), List.of(), Csr.KUBE_APISERVER_CLIENT_KUBELET, "system:node:foo", false, false),
                new Deviation("usages + server auth", "system:node:foo", List.of("system:nodes"), List.of("server auth"), Csr.KUBE_APISERVER_CLIENT_KUBELET, "system:node:foo", false, false),
                new Deviation("signer kubelet-serving", "system:node:foo", List.of("system:nodes"), List.of(), Csr.KUBELET_SERVING, "system:node:foo", false, false),
                new Deviation("requester joe", "system:node:foo", List.of("system:nodes"), List.of(), Csr.KUBE_APISERVER_CLIENT_KUBELET, "joe", true, false));
        List<Arguments> out = new ArrayList<>();
        for (Deviation d : rows) {
            out.add(Arguments.of(d, THREE));
            out.add(Arguments.of(d, TWO));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource
    void recognizers(Deviation d, List<String> usages) {
        List<String> all = new ArrayList<>(usages);
        all.addAll(d.extraUsages());
        CertificateRequest req = f.request(Subject.of(d.cn(), d.org().toArray(String[]::new)));
        Csr csr = new Csr(f.csr(V, d.requester(), d.signer(), all, req));
        List<Recognizer> recognizers = Recognizer.of(V, false);
        assertEquals(d.selfnodeclient(), recognizers.get(0).test().recognizes(csr, req), "selfnodeclient");
        assertEquals(d.nodeclient(), recognizers.get(1).test().recognizes(csr, req), "nodeclient");
    }

    ObjectNode bootstrapCsr() {
        return f.csr(V, "system:bootstrap:abcdef", Csr.KUBE_APISERVER_CLIENT_KUBELET, THREE,
                f.request(Subject.of("system:node:foo", "system:nodes")));
    }

    SyncResult handle(ObjectNode stored, boolean allowed) {
        f.api.collection(Csr.collectionPath(V)).intercept(r -> r.path().startsWith("/apis/authorization.k8s.io/")
                ? Optional.of(FakeApi.ok(r, review(allowed))) : Optional.empty());
        stored = f.api.put(Csr.collectionPath(V), stored);
        f.api.clearRequests();
        AtomicReference<SyncResult> result = new AtomicReference<>();
        new SarApprover(f.api, Recognizer.of(V, false), V, f.context).handle(new Csr(stored), result::set);
        f.scheduler.runUntilIdle();
        return result.get();
    }

    static ObjectNode review(boolean allowed) {
        ObjectNode sar = Json.object();
        sar.putObject("status").put("allowed", allowed).put("reason", allowed ? "RBAC: allowed by ClusterRoleBinding \"auto\"" : "");
        return sar;
    }

    @Test
    void recognizedAndAllowedCreatesAReviewThenApprovesThroughTheApprovalSubresource() {
        ObjectNode csr = bootstrapCsr();
        assertEquals(SyncResult.DONE, handle(csr, true));
        String name = csr.path("metadata").path("name").asText();
        assertEquals(List.of("POST /apis/authorization.k8s.io/v1/subjectaccessreviews",
                "PUT " + Csr.collectionPath(V) + "/" + name + "/approval"), f.api.requests());
        Csr approved = new Csr(f.api.get(Csr.collectionPath(V), name).orElseThrow());
        assertEquals(1, approved.conditions().size());
        Csr.Condition c = approved.conditions().get(0);
        assertEquals(List.of("Approved", "True", "AutoApproved", "Auto approving kubelet client certificate after SubjectAccessReview."),
                List.of(c.type(), c.status(), c.reason(), c.message()));
        assertTrue(f.events("controller.csrapproving").stream().anyMatch(e ->
                String.valueOf(e.field("reason")).startsWith("recognized as nodeclient; SubjectAccessReview allowed")));
    }

    @Test
    void recognizedButNotAllowedIsAnIgnorableErrorNamingWhatWasTried() {
        ObjectNode csr = bootstrapCsr();
        SyncResult result = handle(csr, false);
        assertEquals(SyncResult.ignorable("recognized csr \"" + csr.path("metadata").path("name").asText()
                + "\" as [nodeclient] but subject access review was not approved"), result);
        assertEquals(List.of("POST /apis/authorization.k8s.io/v1/subjectaccessreviews"), f.api.requests());
    }

    @Test
    void notRecognizedMakesNoApiCallWhateverTheReviewWouldSay() {
        ObjectNode serving = f.csr(V, "system:node:foo", Csr.KUBELET_SERVING, List.of("digital signature", "server auth"),
                f.request(io.bootsim.core.pki.KeyType.ECDSA_P256, Subject.of("system:node:foo", "system:nodes"),
                        List.of("foo"), List.of("10.0.0.1"), List.of(), List.of()));
        assertEquals(SyncResult.DONE, handle(serving, true));
        assertEquals(List.of(), f.api.requests());
    }

    @Test
    void theSelfRecognizerIsTriedFirstForARenewal() {
        ObjectNode renewal = f.csr(V, "system:node:foo", Csr.KUBE_APISERVER_CLIENT_KUBELET, TWO,
                f.request(Subject.of("system:node:foo", "system:nodes")));
        assertEquals(SyncResult.DONE, handle(renewal, true));
        Csr approved = new Csr(f.api.list(Csr.collectionPath(V)).get(0));
        assertEquals("Auto approving self kubelet client certificate after SubjectAccessReview.",
                approved.conditions().get(0).message());
    }

    @Test
    void before125TheTwoUsageFormIsNotAKubeletClientCsr() {
        CertificateRequest req = f.request(Subject.of("system:node:foo", "system:nodes"));
        Csr csr = new Csr(f.csr(KubeVersion.of(1, 24), "joe", Csr.KUBE_APISERVER_CLIENT_KUBELET, TWO, req));
        assertEquals(false, Recognizer.of(KubeVersion.of(1, 24), false).get(1).test().recognizes(csr, req));
    }

    @Test
    void before118AnyCsrOfTheRightShapeIsRecognizedWhateverItsSigner() {
        KubeVersion v = KubeVersion.of(1, 17);
        CertificateRequest req = f.request(Subject.of("system:node:foo", "system:nodes"));
        Csr csr = new Csr(f.csr(v, "joe", "", THREE, req));
        assertTrue(Recognizer.of(v, false).get(1).test().recognizes(csr, req));
    }

    @Test
    void selfnodeserverExistsUpTo110BehindItsGate() {
        assertEquals(List.of("selfnodeclient", "nodeclient", "selfnodeserver"),
                Recognizer.of(KubeVersion.of(1, 10), true).stream().map(Recognizer::subresource).toList());
        assertEquals(List.of("selfnodeclient", "nodeclient"),
                Recognizer.of(KubeVersion.of(1, 10), false).stream().map(Recognizer::subresource).toList());
        assertEquals(List.of("selfnodeclient", "nodeclient"),
                Recognizer.of(KubeVersion.of(1, 11), true).stream().map(Recognizer::subresource).toList());
    }
}
