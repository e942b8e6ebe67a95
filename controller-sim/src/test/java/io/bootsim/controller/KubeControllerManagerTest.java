package io.bootsim.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.controller.app.KubeControllerManager;
import io.bootsim.controller.app.KubeControllerManagerCommand;
import io.bootsim.controller.app.KubeControllerManagerOptions;
import io.bootsim.controller.certificates.Csr;
import io.bootsim.core.api.Json;
import io.bootsim.core.client.FakeApi;
import io.bootsim.core.pki.Pem;
import io.bootsim.core.pki.Subject;
import io.bootsim.core.pki.TestPki;
import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The controller manager as a whole over a FakeApi: start-up per version, and a CSR from creation to issue. */
class KubeControllerManagerTest {

    static final KubeVersion V = KubeVersion.NEWEST;
    final Fixture f = new Fixture();
    @TempDir
    Path dir;

    KubeControllerManagerOptions.SigningFiles caFiles() throws Exception {
        TestPki pki = TestPki.ca("kubernetes");
        Path cert = dir.resolve("ca.pem");
        Path key = dir.resolve("ca-key.pem");
        Files.writeString(cert, pki.caPem());
        Files.writeString(key, Pem.encodePrivateKey(pki.caKey()));
        return KubeControllerManagerOptions.SigningFiles.global(cert.toString(), key.toString());
    }

    void serve(KubeVersion version, boolean allowed) {
        f.api.collection(Csr.collectionPath(version)).intercept(r -> r.path().startsWith("/apis/authorization.k8s.io/")
                ? Optional.of(FakeApi.ok(r, ApproverTest.review(allowed))) : Optional.empty());
    }

    ObjectNode createBootstrapCsr(KubeVersion version) {
        return f.api.put(Csr.collectionPath(version), f.csr(version, "system:bootstrap:abcdef",
                version.atLeast(1, 18) ? Csr.KUBE_APISERVER_CLIENT_KUBELET : "", ApproverTest.THREE,
                f.request(Subject.of("system:node:worker-1", "system:nodes"))));
    }

    @Test
    void aBootstrapCsrIsApprovedThenIssuedOverWatches() throws Exception {
        serve(V, true);
        new KubeControllerManager(KubeControllerManagerOptions.defaults(V, caFiles()), f.context, f.api).start();
        f.scheduler.runUntilIdle();
        String name = createBootstrapCsr(V).path("metadata").path("name").asText();
        f.scheduler.runUntilIdle();
        Csr csr = new Csr(f.api.get(Csr.collectionPath(V), name).orElseThrow());
        assertEquals("AutoApproved", csr.condition("Approved").orElseThrow().reason());
        assertTrue(csr.isIssued());
        assertEquals("CN=system:node:worker-1,O=system:nodes",
                Pem.certificates(csr.certificate(), "c").get(0).getSubjectX500Principal().getName());
        assertTrue(f.logMessages().contains("\"Started controller\" controller=\"certificatesigningrequest-signing-controller\""));
    }

    @Test
    void withoutTheNodeclientBindingTheCsrStaysPendingAndIsRetriedWithBackoff() throws Exception {
        serve(V, false);
        new KubeControllerManager(KubeControllerManagerOptions.defaults(V, caFiles()), f.context, f.api).start();
        f.scheduler.runUntilIdle();
        String name = createBootstrapCsr(V).path("metadata").path("name").asText();
        f.scheduler.advance(Duration.ofSeconds(2));
        long reviews = f.api.requests().stream().filter(r -> r.contains("subjectaccessreviews")).count();
        assertTrue(reviews >= 3 && reviews <= 5, "200ms, 400ms, 800ms backoff in 2s: " + reviews);
        assertTrue(new Csr(f.api.get(Csr.collectionPath(V), name).orElseThrow()).conditions().isEmpty());
        assertTrue(f.events("controller.csrapproving").stream().anyMatch(e ->
                "recognized as nodeclient; SubjectAccessReview denied".equals(e.field("reason"))));
    }

    @Test
    void withoutSigningFilesTheSignerIsSkippedAndTheCsrStaysApprovedWithoutCertificate() throws Exception {
        serve(V, true);
        new KubeControllerManager(KubeControllerManagerOptions.defaults(V, KubeControllerManagerOptions.SigningFiles.global("", "")),
                f.context, f.api).start();
        String name = createBootstrapCsr(V).path("metadata").path("name").asText();
        f.scheduler.runUntilIdle();
        Csr csr = new Csr(f.api.get(Csr.collectionPath(V), name).orElseThrow());
        assertTrue(csr.isApproved());
        assertTrue(!csr.isIssued());
        assertTrue(f.logMessages().contains("\"Skipping CSR signer controller because no csr cert/key was specified\""));
        assertTrue(f.logMessages().contains("\"Warning: skipping controller\" controller=\"certificatesigningrequest-signing-controller\""));
    }

    @Test
    void the19EraApprovesWithOneWorkerOverV1beta1AndTheLegacySignerIssues() throws Exception {
        KubeVersion v = KubeVersion.of(1, 9);
        serve(v, true);
        KubeControllerManager kcm = new KubeControllerManager(KubeControllerManagerOptions.defaults(v, caFiles()), f.context, f.api);
        kcm.start();
        String name = createBootstrapCsr(v).path("metadata").path("name").asText();
        f.scheduler.runUntilIdle();
        Csr csr = new Csr(f.api.get(Csr.collectionPath(v), name).orElseThrow());
        assertTrue(csr.isIssued());
        assertEquals("", csr.condition("Approved").orElseThrow().status());
        assertTrue(f.logMessages().contains("Started \"csrsigning\""));
        assertEquals(List.of(1, 1), kcm.certificateControllers().stream().map(c -> c.workers()).toList());
    }

    @Test
    void anUnreadableCaStopsTheControllerManagerWithUpstreamsMessage() {
        var missing = KubeControllerManagerOptions.SigningFiles.global(dir.resolve("ca.crt").toString(), dir.resolve("ca.key").toString());
        KubeControllerManager.StartupFailure e = assertThrows(KubeControllerManager.StartupFailure.class,
                () -> new KubeControllerManager(KubeControllerManagerOptions.defaults(V, missing), f.context, f.api).start());
        assertEquals("failed to start kubernetes.io/kubelet-serving certificate controller: error reading CA cert file \""
                + dir.resolve("ca.crt") + "\": open " + dir.resolve("ca.crt") + ": no such file or directory", e.getMessage());
        assertEquals(1, e.exitCode());
        KubeControllerManager.StartupFailure old = assertThrows(KubeControllerManager.StartupFailure.class,
                () -> new KubeControllerManager(KubeControllerManagerOptions.defaults(KubeVersion.of(1, 12), missing), f.context, f.api).start());
        assertEquals("failed to start certificate controller: open " + dir.resolve("ca.crt") + ": no such file or directory", old.getMessage());
        assertEquals(255, old.exitCode());
    }

    @Test
    void bootstrapSignerAndTokenCleanerRunOnlyWhenNamed() throws Exception {
        f.api.collection("/api/v1/namespaces/kube-public/configmaps").collection("/api/v1/namespaces/kube-system/secrets");
        ObjectNode cm = Json.object();
        cm.putObject("metadata").put("name", "cluster-info").put("namespace", "kube-public");
        cm.putObject("data").put("kubeconfig", "Hello from the other side. I must have called a thousand times.");
        f.api.put("/api/v1/namespaces/kube-public/configmaps", cm);
        f.api.put("/api/v1/namespaces/kube-system/secrets", token("joshua", "2025-03-01T13:00:00Z"));
        serve(V, true);
        KubeControllerManagerOptions options = KubeControllerManagerOptions.defaults(V, caFiles())
                .withControllers(List.of("*", "bootstrapsigner", "tokencleaner"));
        new KubeControllerManager(options, f.context, f.api).start();
        f.scheduler.runUntilIdle();
        assertEquals("eyJhbGciOiJIUzI1NiIsImtpZCI6Impvc2h1YSJ9..VShe2taLd-YTrmWuRkcL_8QTNDHYxQIEBsAYYiIj1_8",
                f.api.get("/api/v1/namespaces/kube-public/configmaps", "cluster-info").orElseThrow()
                        .path("data").path("jws-kubeconfig-joshua").asText());
        f.scheduler.advance(Duration.ofMinutes(61));
        assertTrue(f.api.get("/api/v1/namespaces/kube-system/secrets", "bootstrap-token-joshua").isEmpty());
        assertTrue(f.api.get("/api/v1/namespaces/kube-public/configmaps", "cluster-info").orElseThrow()
                .path("data").path("jws-kubeconfig-joshua").isMissingNode(), "the gone token's signature is removed");
    }

    static ObjectNode token(String id, String expiration) {
        ObjectNode s = Json.object();
        s.putObject("metadata").put("name", "bootstrap-token-" + id).put("namespace", "kube-system").put("uid", "u-" + id);
        s.put("type", "bootstrap.kubernetes.io/token");
        ObjectNode data = s.putObject("data");
        data.put("token-id", b64(id)).put("token-secret", b64("my voice is my passcode"))
                .put("usage-bootstrap-signing", b64("true")).put("expiration", b64(expiration));
        return s;
    }

    static String b64(String s) {
        return java.util.Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void flagValidationFailsLikeTheRealBinary() {
        assertEquals(List.of(1, "Error: unknown flag: --bogus"), cli("--bogus"));
        assertEquals(List.of(1, "Error: cannot specify --cluster-signing-{cert,key}-file and other --cluster-signing-*-file flags at the same time"),
                cli("--cluster-signing-cert-file=/a", "--cluster-signing-key-file=/b", "--cluster-signing-kubelet-serving-cert-file=/c",
                        "--cluster-signing-kubelet-serving-key-file=/d"));
        assertEquals(List.of(1, "Error: cannot specify cert without key"), cli("--cluster-signing-kubelet-client-cert-file=/c"));
        assertEquals(List.of(1, "Error: unknown flag: --cluster-signing-kubelet-serving-cert-file"),
                cli("--emulated-version=1.18", "--cluster-signing-kubelet-serving-cert-file=/c"));
        assertEquals(List.of(1, "Error: unknown flag: --experimental-cluster-signing-duration"),
                cli("--experimental-cluster-signing-duration=1h"));
        assertEquals(List.of(1, "Error: \"foo\" is not in the list of known controllers"), cli("--controllers=*,foo"));
    }

    private List<Object> cli(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = KubeControllerManagerCommand.run(List.of(args), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = err.toString(StandardCharsets.UTF_8).strip();
        return List.of(code, text.lines().reduce((a, b) -> b).orElse(""));
    }
}
