package io.bootsim.e2e.kubelet;

import io.bootsim.e2e.support.BootsimProcess;
import io.bootsim.e2e.support.Kubectl;
import io.bootsim.e2e.support.SeedCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * `bootsim kubelet` restarted as a process next to `bootsim kube-apiserver` and
 * `kube-controller-manager`, on emulated 1.9 and 1.33 side by side (each its own seed cluster with
 * a cfssl CA, driven with real kubectl): what a restart during bootstrap reuses, that a restart with
 * a valid kubeconfig sends no CSR, and that a valid --kubeconfig skips bootstrap altogether (F2).
 * 1.9 bootstraps in the blocking path (kubelet-client.key.tmp, node-csr-<digest>); 1.33 in the
 * background certificate manager (an in-memory key per request, csr-<random>).
 * The methods run in order; the controller manager is started in the second, after the restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubeletRestartAcrossProcessesTest {

    private static final Map<String, String> KUBECTL_FOR = Map.of("1.9", "1.27", "1.33", "1.33");
    private static final String NODE = "node-r";

    private final Map<String, SeedCluster> clusters = new HashMap<>();
    private final Map<String, BootsimProcess> kubelets = new HashMap<>();
    private final Map<String, Integer> ports = new HashMap<>();

    @BeforeAll
    void startApiServers(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(SeedCluster.cfsslInstalled() && KUBECTL_FOR.values().stream()
                .allMatch(minor -> Kubectl.build(minor).isPresent()), () -> {
            System.out.println("skipped: needs kubectl.1.27, kubectl.1.33 and cfssl (.ci/run installs cfssl)");
            return "kubectl or cfssl missing";
        });
        for (Map.Entry<String, String> version : KUBECTL_FOR.entrySet()) {
            Path clusterDir = Files.createDirectory(dir.resolve(version.getKey()));
            SeedCluster cluster = SeedCluster.create(clusterDir, version.getKey(),
                    Kubectl.build(version.getValue()).orElseThrow(), List.of());
            clusters.put(version.getKey(), cluster);
            cluster.createSeedBindings();
            ports.put(version.getKey(), BootsimProcess.freePort());
        }
    }

    @AfterAll
    void stop() throws InterruptedException {
        for (SeedCluster cluster : clusters.values()) {
            cluster.close();
        }
    }

    @ParameterizedTest(name = "Kubernetes {0}")
    @Order(1)
    @ValueSource(strings = {"1.9", "1.33"})
    void aValidKubeconfigSkipsBootstrapAndNoCsrIsSent(String version) throws Exception {
        SeedCluster cluster = clusters.get(version);
        Path kubeconfig = cluster.writeNodeKubeconfig("node-f2");
        byte[] written = Files.readAllBytes(kubeconfig);
        try (BootsimProcess kubelet = cluster.startKubelet("node-f2", BootsimProcess.freePort(), List.of())) {
            cluster.admin.await(out -> out.lines().anyMatch(l -> l.matches("node-f2 +Ready .*")), "get", "nodes");
            Kubectl.Result csrs = cluster.admin.run("get", "csr");
            assertEquals("", csrs.stdout());
            assertEquals("No resources found\n", csrs.stderr());
            assertTrue(kubelet.output().contains(version.equals("1.9")
                    ? "bootstrap.go:50] Kubeconfig " + kubeconfig + " exists and is valid, skipping bootstrap\n"
                    : "Current kubeconfig file contents are still valid, no bootstrap necessary"), kubelet.output());
            assertFalse(kubelet.output().contains("Using bootstrap kubeconfig"), kubelet.output());
            assertArrayEquals(written, Files.readAllBytes(kubeconfig), "the kubeconfig is used as it is");
        }
    }

    @ParameterizedTest(name = "Kubernetes {0}")
    @Order(2)
    @ValueSource(strings = {"1.9", "1.33"})
    void aKubeletRestartedDuringBootstrapReusesItsKeyAndCsrOnlyWhereUpstreamDoes(String version) throws Exception {
        SeedCluster cluster = clusters.get(version);
        Kubectl admin = cluster.admin;
        Path pki = cluster.dir().resolve(NODE).resolve("pki");
        boolean blocking = version.equals("1.9");

        // no controller manager yet: the CSR stays Pending and the kubelet waits
        BootsimProcess first = cluster.startKubelet(NODE, ports.get(version), List.of());
        String firstCsr = admin.await(out -> out.contains(" Pending"), "get", "csr", "--no-headers").split(" ")[0];
        byte[] tmpKey = blocking ? Files.readAllBytes(pki.resolve("kubelet-client.key.tmp")) : null;
        if (blocking) {
            assertTrue(firstCsr.startsWith("node-csr-"), firstCsr);
            assertFalse(Files.exists(cluster.dir().resolve(NODE).resolve("kubeconfig")), "1.9 writes it only when issued");
        } else {
            assertTrue(firstCsr.matches("csr-[a-z0-9]{5}"), firstCsr);
            assertFalse(Files.exists(pki.resolve("kubelet-client.key.tmp")), "the certificate manager keeps its key in memory");
            assertTrue(Files.readString(cluster.dir().resolve(NODE).resolve("kubeconfig"))
                    .contains("kubelet-client-current.pem"), "written at once, pointing at the store");
        }
        first.close();

        BootsimProcess second = cluster.startKubelet(NODE, ports.get(version), List.of());
        String secondCsr;
        if (blocking) {
            // same .tmp key, same digest name: AlreadyExists, and the kubelet waits on the CSR it sent before
            second.awaitOutput("csr for this node is still valid", Duration.ofSeconds(30));
            assertTrue(second.output().contains("csr for this node already exists, reusing"), second.output());
            assertArrayEquals(tmpKey, Files.readAllBytes(pki.resolve("kubelet-client.key.tmp")));
            assertEquals(1, admin.check("get", "csr", "--no-headers").lines().count());
            secondCsr = firstCsr;
        } else {
            // a new key and a new CSR; the first one is left behind
            String both = admin.await(out -> out.lines().filter(l -> l.endsWith(" Pending")).count() == 2,
                    "get", "csr", "--no-headers");
            secondCsr = both.lines().map(l -> l.split(" ")[0]).filter(n -> !n.equals(firstCsr)).findFirst().orElseThrow();
        }

        cluster.startControllerManager(List.of("--cluster-signing-cert-file=ca.pem", "--cluster-signing-key-file=ca-key.pem"));
        admin.await(out -> out.lines().anyMatch(l -> l.matches(NODE + " +Ready .*")), "get", "nodes");
        String csrs = admin.await(out -> out.lines().allMatch(l -> l.endsWith(" Approved,Issued")), "get", "csr", "--no-headers");
        assertEquals(blocking ? 1 : 2, csrs.lines().count(), csrs);
        assertEquals("node/node-f2\nnode/" + NODE + "\n", admin.check("get", "nodes", "-o", "name"));
        assertTrue(second.output().contains("Successfully registered node " + NODE), second.output());
        assertFalse(first.output().contains("registered node"), first.output());

        // the kubelet's certificate is the one issued for the CSR its running process waited on
        Path certificate = pki.resolve(blocking ? "kubelet-client.crt" : "kubelet-client-current.pem");
        String publicKey = cluster.run("openssl", "x509", "-noout", "-pubkey", "-in", certificate.toString());
        assertEquals(requestPublicKey(cluster, secondCsr), publicKey);
        if (blocking) {
            assertEquals(publicKey, cluster.run("openssl", "pkey", "-pubout", "-in", pki.resolve("kubelet-client.key").toString()));
            assertFalse(Files.exists(pki.resolve("kubelet-client.key.tmp")), "deleted once the certificate is stored");
        } else {
            assertNotEquals(requestPublicKey(cluster, firstCsr), publicKey);
        }
        kubelets.put(version, second);
    }

    @ParameterizedTest(name = "Kubernetes {0}")
    @Order(3)
    @ValueSource(strings = {"1.9", "1.33"})
    void aKubeletRestartedWithAValidKubeconfigKeepsItsCertificateAndNode(String version) throws Exception {
        SeedCluster cluster = clusters.get(version);
        Kubectl admin = cluster.admin;
        Path pki = cluster.dir().resolve(NODE).resolve("pki");
        Path certificate = pki.resolve(version.equals("1.9") ? "kubelet-client.crt" : "kubelet-client-current.pem");
        String fingerprint = cluster.run("openssl", "x509", "-noout", "-fingerprint", "-sha256", "-in", certificate.toString());
        String uid = admin.check("get", "node", NODE, "-o", "jsonpath={.metadata.uid}");
        String csrs = admin.check("get", "csr", "-o", "name");

        kubelets.remove(version).close();
        BootsimProcess restarted = cluster.startKubelet(NODE, ports.get(version), List.of());
        restarted.awaitOutput("Node " + NODE + " was previously registered", Duration.ofSeconds(30));

        assertFalse(restarted.output().contains("Using bootstrap kubeconfig"), restarted.output());
        assertEquals(csrs, admin.check("get", "csr", "-o", "name"), "no new CSR");
        assertEquals(uid, admin.check("get", "node", NODE, "-o", "jsonpath={.metadata.uid}"), "the same Node");
        assertEquals(fingerprint, cluster.run("openssl", "x509", "-noout", "-fingerprint", "-sha256", "-in",
                certificate.toString()));
    }

    /** The public key in a CSR's spec.request, as openssl prints it. */
    private static String requestPublicKey(SeedCluster cluster, String csr) throws Exception {
        Path request = cluster.dir().resolve(csr + ".csr");
        Files.write(request, Base64.getDecoder().decode(cluster.admin.check("get", "csr", csr, "-o", "jsonpath={.spec.request}")));
        return cluster.run("openssl", "req", "-noout", "-pubkey", "-in", request.toString());
    }
}
