package io.bootsim.e2e.controller;

import com.fasterxml.jackson.databind.JsonNode;
import io.bootsim.core.api.Json;
import io.bootsim.e2e.support.BootsimProcess;
import io.bootsim.e2e.support.Kubectl;
import io.bootsim.e2e.support.SeedCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kube-apiserver and kube-controller-manager as separate processes over real TLS (emulated 1.33),
 * a cfssl-made CA, CSRs made with {@code openssl req} and sent with real kubectl 1.33 as the token
 * user kubelet-bootstrap: what csrapproving and csrsigning do with them, and how the two classic
 * misconfigurations look from outside (shared/spec/misconfigurations.md C4, E1). The methods run in
 * order on one cluster: the controller manager first runs without signing flags and without the
 * nodeclient binding, then the binding is created, then it is restarted with signing flags.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CsrControllersAcrossProcessesTest {

    private static final String SIGNING_DURATION = "24h";
    private static final DateTimeFormatter OPENSSL_DATE =
            DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy 'GMT'", Locale.ROOT);

    private SeedCluster cluster;
    private Path dir;
    private Kubectl admin;
    private Kubectl bootstrap;
    private BootsimProcess controllerManager;

    @BeforeAll
    void startApiServer(@TempDir Path tempDir) throws Exception {
        Path kubectl = Kubectl.build("1.33").orElse(null);
        Assumptions.assumeTrue(kubectl != null && SeedCluster.cfsslInstalled(), () -> {
            System.out.println("skipped: needs kubectl.1.33 and cfssl (.ci/run installs cfssl)");
            return "kubectl or cfssl missing";
        });
        dir = tempDir;
        cluster = SeedCluster.create(dir, "1.33", kubectl, List.of());
        cluster.createSeedBinding("kubelet-bootstrap");
        admin = cluster.admin;
        bootstrap = admin.withKubeconfig(dir.resolve("bootstrap.kubeconfig"));
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void csrWithoutNodeclientBindingStaysPendingAndTheTraceSaysWhy() throws Exception {
        controllerManager = cluster.startControllerManager(List.of("--bootsim-trace-file=kcm-trace.jsonl"));
        createClientCsr("node-waiting", "ecdsa");

        JsonNode decision = awaitTrace("controller.csrapproving", "node-waiting");
        assertEquals("not allowed", decision.path("decision").asText(), decision.toString());
        // Node and RBAC have no opinion without a reason; ABAC's no-opinion reason is what the review carries
        assertEquals("recognized as nodeclient; SubjectAccessReview denied: No policy matched.",
                decision.path("reason").asText(), decision.toString());
        assertTrue(admin.check("get", "csr", "node-waiting", "--no-headers").matches(
                "node-waiting +\\d+s +kubernetes.io/kube-apiserver-client-kubelet +kubelet-bootstrap +<none> +Pending\n"));
    }

    @Test
    @Order(2)
    void withoutSigningFlagsTheCsrIsApprovedOnceBoundButNeverIssued() throws Exception {
        cluster.createSeedBinding("node-client-auto-approve-csr");
        // the approver requeued the CSR with backoff, so the binding made later takes effect
        admin.await(out -> out.endsWith(" Approved\n"), "get", "csr", "node-waiting", "--no-headers");
        assertEquals("AutoApproved Auto approving kubelet client certificate after SubjectAccessReview.", admin.check(
                "get", "csr", "node-waiting", "-o", "jsonpath={.status.conditions[0].reason} {.status.conditions[0].message}"));
        assertTrue(controllerManager.output().lines().anyMatch(l -> l.matches(
                "I\\d{4} [\\d:.]+ +\\d+ certificates\\.go(:\\d+)?\\] "
                        + "\"Skipping CSR signer controller because no csr cert/key was specified\"")),
                controllerManager.output());
        Thread.sleep(2000); // a running signer issues within milliseconds
        assertEquals("Approved", admin.check("get", "csr", "node-waiting", "--no-headers").trim().replaceAll(".* ", ""));
        assertEquals("", admin.check("get", "csr", "node-waiting", "-o", "jsonpath={.status.certificate}"));
    }

    @Test
    @Order(3)
    void theApprovedCsrIsIssuedOnceTheControllerManagerRestartsWithSigningFlags() throws Exception {
        controllerManager.close();
        controllerManager = cluster.startControllerManager(List.of("--bootsim-trace-file=kcm-trace.jsonl",
                "--cluster-signing-cert-file=ca.pem", "--cluster-signing-key-file=ca-key.pem",
                "--cluster-signing-duration=" + SIGNING_DURATION));
        admin.await(out -> out.endsWith(" Approved,Issued\n"), "get", "csr", "node-waiting", "--no-headers");
        assertEquals("node-waiting.pem: OK\n", cluster.run("openssl", "verify", "-CAfile", "ca.pem",
                issuedCertificate("node-waiting").getFileName().toString()));
    }

    @ParameterizedTest(name = "{0} key")
    @Order(4)
    @CsvSource({"ecdsa, 'Digital Signature'", "rsa, 'Digital Signature, Key Encipherment'"})
    void clientCsrFromOpensslIsApprovedAndIssuedByTheClusterCa(String key, String keyUsage) throws Exception {
        String node = "node-" + key;
        Instant before = Instant.now();
        createClientCsr(node, key);
        String row = admin.await(out -> out.endsWith(" Approved,Issued\n"), "get", "csr", node, "--no-headers");
        Instant after = Instant.now();
        assertTrue(row.matches(node + " +\\d+s +kubernetes.io/kube-apiserver-client-kubelet +kubelet-bootstrap +<none> "
                + "+Approved,Issued\n"), row);

        Path cert = issuedCertificate(node);
        assertEquals(cert.getFileName() + ": OK\n", cluster.run("openssl", "verify", "-CAfile", "ca.pem",
                cert.getFileName().toString()));
        assertEquals("subject=O = system:nodes, CN = system:node:" + node + "\n"
                        + "issuer=O = Kubernetes, CN = kubernetes\n"
                        + "X509v3 Key Usage: critical\n    " + keyUsage + "\n"
                        + "X509v3 Extended Key Usage: \n    TLS Web Client Authentication\n"
                        + "X509v3 Basic Constraints: critical\n    CA:FALSE\n",
                cluster.run("openssl", "x509", "-noout", "-subject", "-issuer", "-ext",
                        "keyUsage,extendedKeyUsage,basicConstraints,subjectAltName", "-in", cert.toString()));

        // NotBefore backdated 5 minutes from signing; 24h is not "short", so NotAfter = NotBefore + 24h
        String[] dates = cluster.run("openssl", "x509", "-noout", "-startdate", "-enddate", "-in", cert.toString())
                .split("\n");
        Instant notBefore = opensslDate(dates[0], "notBefore=");
        Instant notAfter = opensslDate(dates[1], "notAfter=");
        Duration backdate = Duration.ofMinutes(5);
        assertTrue(!notBefore.isBefore(before.minus(backdate).minusSeconds(1))
                && !notBefore.isAfter(after.minus(backdate)), notBefore + " not within [" + before + ", " + after + "] - 5m");
        assertEquals(Duration.ofHours(24), Duration.between(notBefore, notAfter));
    }

    @Test
    @Order(5)
    void kubeletServingCsrStaysPendingUntilKubectlCertificateApproveThenIsIssued() throws Exception {
        String node = "node-serving";
        cluster.run("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", node + ".key");
        cluster.run("openssl", "req", "-new", "-key", node + ".key", "-subj", "/O=system:nodes/CN=system:node:" + node,
                "-addext", "subjectAltName=DNS:" + node + ",IP:127.0.0.1", "-out", node + ".csr");
        create(node, "kubernetes.io/kubelet-serving", List.of("digital signature", "server auth"));

        // the approver looks at it and leaves it: serving certificates are never auto-approved since 1.11
        JsonNode decision = awaitTrace("controller.csrapproving", node);
        assertEquals("ignored", decision.path("decision").asText(), decision.toString());
        assertTrue(admin.check("get", "csr", node, "--no-headers").matches(
                node + " +\\d+s +kubernetes.io/kubelet-serving +kubelet-bootstrap +<none> +Pending\n"));

        assertEquals("certificatesigningrequest.certificates.k8s.io/" + node + " approved\n",
                admin.check("certificate", "approve", node));
        admin.await(out -> out.endsWith(" Approved,Issued\n"), "get", "csr", node, "--no-headers");
        Path cert = issuedCertificate(node);
        assertEquals(cert.getFileName() + ": OK\n", cluster.run("openssl", "verify", "-CAfile", "ca.pem",
                cert.getFileName().toString()));
        assertEquals("subject=O = system:nodes, CN = system:node:" + node + "\n"
                        + "X509v3 Key Usage: critical\n    Digital Signature\n"
                        + "X509v3 Extended Key Usage: \n    TLS Web Server Authentication\n"
                        + "X509v3 Subject Alternative Name: \n    DNS:" + node + ", IP Address:127.0.0.1\n",
                cluster.run("openssl", "x509", "-noout", "-subject", "-ext", "keyUsage,extendedKeyUsage,subjectAltName",
                        "-in", cert.toString()));
    }

    /** A kubelet client CSR for {@code node} made with openssl req, sent with kubectl create -f as kubelet-bootstrap. */
    private void createClientCsr(String node, String key) throws Exception {
        if (key.equals("rsa")) {
            cluster.run("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", node + ".key");
        } else {
            cluster.run("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", node + ".key");
        }
        cluster.run("openssl", "req", "-new", "-key", node + ".key", "-subj", "/O=system:nodes/CN=system:node:" + node,
                "-out", node + ".csr");
        // as the 1.27+ kubelet asks: key encipherment only for RSA keys
        create(node, "kubernetes.io/kube-apiserver-client-kubelet", key.equals("rsa")
                ? List.of("digital signature", "key encipherment", "client auth")
                : List.of("digital signature", "client auth"));
    }

    private void create(String name, String signer, List<String> usages) throws Exception {
        String request = Base64.getEncoder().encodeToString(Files.readAllBytes(dir.resolve(name + ".csr")));
        Path manifest = dir.resolve(name + "-csr.yaml");
        Files.writeString(manifest, "apiVersion: certificates.k8s.io/v1\n"
                + "kind: CertificateSigningRequest\n"
                + "metadata:\n  name: " + name + "\n"
                + "spec:\n  request: " + request + "\n  signerName: " + signer + "\n"
                + "  usages:\n" + usages.stream().map(u -> "  - " + u + "\n").reduce("", String::concat));
        assertEquals("certificatesigningrequest.certificates.k8s.io/" + name + " created\n",
                bootstrap.check("create", "-f", manifest.toString()));
    }

    /** status.certificate of the CSR, decoded into NAME.pem. */
    private Path issuedCertificate(String name) throws Exception {
        String b64 = admin.check("get", "csr", name, "-o", "jsonpath={.status.certificate}");
        Path pem = dir.resolve(name + ".pem");
        Files.write(pem, Base64.getDecoder().decode(b64));
        return pem;
    }

    /** The controller's first trace event about a CSR, waited for (bounded). */
    private JsonNode awaitTrace(String type, String csr) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            Optional<JsonNode> event = traceEvent(type, csr);
            if (event.isPresent()) {
                return event.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + type + " event for " + csr + " in the trace:\n"
                + Files.readString(dir.resolve("kcm-trace.jsonl")));
    }

    private Optional<JsonNode> traceEvent(String type, String csr) throws IOException {
        Path trace = dir.resolve("kcm-trace.jsonl");
        if (!Files.exists(trace)) {
            return Optional.empty();
        }
        for (String line : Files.readAllLines(trace)) {
            if (line.isEmpty() || !line.endsWith("}")) {
                continue; // a line being written
            }
            JsonNode event = Json.mapper().readTree(line);
            if (event.path("type").asText().equals(type) && event.path("csr").asText().equals(csr)) {
                return Optional.of(event);
            }
        }
        return Optional.empty();
    }

    private static Instant opensslDate(String line, String prefix) {
        assertTrue(line.startsWith(prefix), line);
        return LocalDateTime.parse(line.substring(prefix.length()), OPENSSL_DATE).toInstant(ZoneOffset.UTC);
    }
}
