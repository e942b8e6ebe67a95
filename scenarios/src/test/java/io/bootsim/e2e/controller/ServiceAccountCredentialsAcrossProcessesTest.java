package io.bootsim.e2e.controller;

import io.bootsim.e2e.support.BootsimProcess;
import io.bootsim.e2e.support.Kubectl;
import io.bootsim.e2e.support.SeedCluster;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kube-controller-manager with --use-service-account-credentials and a kubeconfig for
 * system:kube-controller-manager that is not in system:masters, as KTHW and kubeadm clusters run
 * it, against kube-apiserver in its own process: the certificate controllers act as
 * system:serviceaccount:kube-system:certificate-controller, so the bootstrap policy's
 * system:controller:certificate-controller binding is what lets a kubelet's client CSR be approved
 * and issued. 1.33 gets its tokens from the TokenRequest API, 1.9 from Secrets the token controller
 * signs with --service-account-private-key-file. Without the binding the CSR stays Pending and the
 * controller manager logs the 403.
 */
class ServiceAccountCredentialsAcrossProcessesTest {

    private static final String CONTROLLER_USER = "system:serviceaccount:kube-system:certificate-controller";

    @ParameterizedTest(name = "Kubernetes {0} with kubectl {1}")
    @CsvSource({"1.33, 1.33", "1.9, 1.27"})
    void kubeletClientCsrIsApprovedAndIssuedByTheCertificateControllerServiceAccount(String version, String kubectlMinor,
                                                                                      @TempDir Path dir) throws Exception {
        try (SeedCluster cluster = cluster(version, kubectlMinor, dir)) {
            BootsimProcess kcm = startControllerManager(cluster);
            cluster.startKubelet("node-0", BootsimProcess.freePort(), List.of());
            Kubectl admin = cluster.admin;

            String csrs = admin.await(out -> out.contains("Approved,Issued"), "get", "csr", "--no-headers");
            assertTrue(csrs.lines().anyMatch(l -> l.contains("kubelet-bootstrap") && l.endsWith("Approved,Issued")), csrs);
            // the account the client builder made, and the credential it used
            assertEquals("serviceaccount/certificate-controller",
                    admin.check("get", "serviceaccount", "certificate-controller", "-n", "kube-system", "-o", "name").trim());
            if (version.equals("1.9")) {
                String secrets = admin.check("get", "secrets", "-n", "kube-system", "--no-headers");
                assertTrue(secrets.lines().anyMatch(l -> l.matches("certificate-controller-token-[bcdfghjklmnpqrstvwxz2456789]{5} "
                        + "+kubernetes.io/service-account-token +3 .*")), secrets);
            }
            assertTrue(kcm.output().lines().noneMatch(l -> l.contains("forbidden")), kcm.output());
        }
    }

    @ParameterizedTest(name = "Kubernetes {0} with kubectl {1}")
    @CsvSource({"1.33, 1.33", "1.9, 1.27"})
    void withoutTheControllerBindingTheCsrStaysPendingAndTheControllerManagerLogsThe403(String version, String kubectlMinor,
                                                                                         @TempDir Path dir) throws Exception {
        try (SeedCluster cluster = cluster(version, kubectlMinor, dir)) {
            Kubectl admin = cluster.admin;
            // RBAC lets admin grant only what RBAC gives it (1.9's escalation check ignores ABAC)
            cluster.createSeedBinding("cluster-admin-users");
            // the account may still ask SubjectAccessReviews, so the approval is what it is refused
            admin.check("delete", "clusterrolebinding", "system:controller:certificate-controller");
            admin.check("create", "clusterrole", "reviewer", "--verb=create",
                    "--resource=subjectaccessreviews.authorization.k8s.io");
            admin.check("create", "clusterrolebinding", "reviewer", "--clusterrole=reviewer",
                    "--serviceaccount=kube-system:certificate-controller");
            BootsimProcess kcm = startControllerManager(cluster);
            cluster.startKubelet("node-0", BootsimProcess.freePort(), List.of());

            String csrs = admin.await(out -> out.contains("kubelet-bootstrap"), "get", "csr", "--no-headers");
            kcm.await(out -> out.contains("forbidden"), Duration.ofSeconds(60), "the approver's 403");
            String forbidden = kcm.output().lines().filter(l -> l.contains("forbidden")).findFirst().orElseThrow();
            // 1.12 changed the wording: resource "certificatesigningrequests/approval" in API group ...
            assertTrue(forbidden.startsWith("E") && forbidden.contains("error updating approval for csr: ")
                    && forbidden.contains("User \"" + CONTROLLER_USER + "\" cannot update"), forbidden);
            csrs = admin.check("get", "csr", "--no-headers");
            assertTrue(csrs.lines().anyMatch(l -> l.contains("kubelet-bootstrap") && l.endsWith("Pending")), csrs);
        }
    }

    /**
     * The seed cluster with a service-account key pair made by openssl: the apiserver verifies with
     * the public key and, from 1.10, signs TokenRequest tokens with the private one.
     */
    private static SeedCluster cluster(String version, String kubectlMinor, Path dir) throws Exception {
        Path kubectl = Kubectl.build(kubectlMinor).orElse(null);
        Assumptions.assumeTrue(kubectl != null && SeedCluster.cfsslInstalled(), () -> {
            System.out.println("skipped: needs kubectl." + kubectlMinor + " and cfssl (.ci/run installs cfssl)");
            return "kubectl or cfssl missing";
        });
        openssl(dir, "genrsa", "-out", "sa-key.pem", "2048");
        openssl(dir, "rsa", "-in", "sa-key.pem", "-pubout", "-out", "sa.pem");
        List<String> flags = new ArrayList<>(List.of("--service-account-key-file=sa.pem"));
        if (!version.equals("1.9")) {
            flags.add("--service-account-signing-key-file=sa-key.pem");
            flags.add("--service-account-issuer=https://kubernetes.default.svc.cluster.local");
        }
        SeedCluster cluster = SeedCluster.create(dir, version, kubectl, flags);
        cluster.createSeedBinding("kubelet-bootstrap");
        cluster.createSeedBinding("node-client-auto-approve-csr");
        cluster.writeClientKubeconfig("kcm-rbac", "system:kube-controller-manager", "system:kube-controller-manager");
        return cluster;
    }

    private static BootsimProcess startControllerManager(SeedCluster cluster) throws IOException, InterruptedException {
        return cluster.startControllerManager(List.of("--kubeconfig=kcm-rbac.kubeconfig", "--use-service-account-credentials",
                "--service-account-private-key-file=sa-key.pem", "--root-ca-file=ca.pem",
                "--cluster-signing-cert-file=ca.pem", "--cluster-signing-key-file=ca-key.pem"));
    }

    private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed:\n" + out);
        }
    }
}
