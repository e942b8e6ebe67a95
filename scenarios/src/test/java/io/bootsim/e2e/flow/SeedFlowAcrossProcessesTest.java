package io.bootsim.e2e.flow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;
import io.bootsim.e2e.support.BootsimProcess;
import io.bootsim.e2e.support.Kubectl;
import io.bootsim.e2e.support.SeedCluster;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed post's flow (shared/spec/seed-flow.md) with the three components as separate processes
 * over real TLS, a cfssl CA and real kubectl: the client CSR is auto-approved and issued, the node
 * registers with its new certificate, its serving CSR waits for an admin, and the apiserver can
 * reach the kubelet's API only once that certificate is issued.
 */
class SeedFlowAcrossProcessesTest {

    @ParameterizedTest(name = "Kubernetes {0} with kubectl {1}")
    @CsvSource({"1.33, 1.33, --rotate-server-certificates=true", "1.9, 1.27, --feature-gates=RotateKubeletServerCertificate=true"})
    void seedFlow(String version, String kubectlMinor, String servingFlag, @TempDir Path dir) throws Exception {
        Path kubectl = Kubectl.build(kubectlMinor).orElse(null);
        Assumptions.assumeTrue(kubectl != null && SeedCluster.cfsslInstalled(), () -> {
            System.out.println("skipped: needs kubectl." + kubectlMinor + " and cfssl (.ci/run installs cfssl)");
            return "kubectl or cfssl missing";
        });
        try (SeedCluster cluster = SeedCluster.create(dir, version, kubectl, List.of())) {
            cluster.createSeedBindings();
            cluster.startControllerManager(List.of("--cluster-signing-cert-file=ca.pem", "--cluster-signing-key-file=ca-key.pem"));
            int kubeletPort = BootsimProcess.freePort();
            BootsimProcess kubelet = cluster.startKubelet("node-0", kubeletPort, List.of(servingFlag));
            Kubectl admin = cluster.admin;

            // the post's Figure 1.1: the bootstrap CSR issued, the node's serving CSR pending
            String csrs = admin.await(out -> out.contains("Approved,Issued") && out.contains("Pending"), "get", "csr");
            assertTrue(csrs.lines().anyMatch(l -> l.contains("kubelet-bootstrap") && l.endsWith("Approved,Issued")), csrs);
            assertTrue(csrs.lines().anyMatch(l -> l.contains("system:node:node-0") && l.endsWith("Pending")), csrs);
            String nodes = admin.await(out -> out.contains("node-0"), "get", "nodes");
            assertTrue(nodes.lines().anyMatch(l -> l.startsWith("node-0") && l.contains(" Ready ")), nodes);

            Path pki = dir.resolve("node-0/pki");
            // 1.11 moved the kubelet from kubelet-client.crt/.key to timestamped files and a -current link
            boolean timestamped = !version.equals("1.9");
            Path current = pki.resolve(timestamped ? "kubelet-client-current.pem" : "kubelet-client.crt");
            if (timestamped) {
                assertTrue(Files.isSymbolicLink(current), "kubelet-client-current.pem is a symlink");
                assertTrue(Files.readSymbolicLink(current).getFileName().toString()
                        .matches("kubelet-client-\\d{4}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-\\d{2}\\.pem"), current.toString());
            } else {
                assertTrue(Files.exists(pki.resolve("kubelet-client.key")));
            }
            assertTrue(cluster.run("openssl", "verify", "-CAfile", "ca.pem", current.toString()).endsWith(": OK\n"));
            String subject = cluster.run("openssl", "x509", "-noout", "-subject", "-in", current.toString());
            assertTrue(subject.contains("O = system:nodes, CN = system:node:node-0"), subject);

            // the node's own kubeconfig: its Node is readable, other things are not
            Kubectl node = admin.withKubeconfig(dir.resolve("node-0/kubeconfig"));
            assertTrue(node.check("get", "node", "node-0", "-o", "name").contains("node/node-0"));
            Kubectl.Result secrets = node.run("get", "secrets", "-n", "kube-system");
            assertTrue(secrets.stderr().startsWith("Error from server (Forbidden): ") && secrets.stderr().contains(
                    "User \"system:node:node-0\" cannot list "), secrets.stderr()); // the wording changed in 1.12

            // the kubelet API is unreachable until its serving certificate exists
            Kubectl.Result early = admin.run("get", "--raw", "/api/v1/nodes/node-0/proxy/healthz");
            // the kubelet answers the ClientHello with Go's internal_error alert, as a real one does
            assertTrue(early.stderr().startsWith("Error from server: Get ")
                    && early.stderr().endsWith(": remote error: tls: internal error\n"), early.stderr());
            assertTrue(kubelet.output().contains("no serving certificate available for the kubelet"), kubelet.output());
            String servingCsr = csrs.lines().filter(l -> l.contains("system:node:node-0")).findFirst().orElseThrow().split(" ")[0];
            if (timestamped) {
                admin.check("certificate", "approve", servingCsr);
            } else {
                // kubectl 1.27's `certificate approve` needs certificates.k8s.io/v1, which 1.9 did not serve
                // ("could not find v1 version of ..."): approve through v1beta1 as a skewed kubectl user must
                ObjectNode csr = (ObjectNode) Json.mapper().readTree(admin.check("get", "csr", servingCsr, "-o", "json"));
                csr.with("status").withArray("conditions").addObject().put("type", "Approved")
                        .put("reason", "KubectlApprove").put("message", "approved by the test");
                Path approval = dir.resolve("approval.json");
                Files.writeString(approval, Json.write(csr));
                admin.check("replace", "--raw", "/apis/certificates.k8s.io/v1beta1/certificatesigningrequests/"
                        + servingCsr + "/approval", "-f", approval.toString());
            }
            admin.await(out -> out.equals("ok"), "get", "--raw", "/api/v1/nodes/node-0/proxy/healthz");
            assertTrue(Files.exists(pki.resolve(timestamped ? "kubelet-server-current.pem" : "kubelet-server.crt"))
                    || Files.exists(pki.resolve("kubelet-server-current.pem")));
            assertTrue(kubelet.output().contains("is issued"));
        }
    }
}
