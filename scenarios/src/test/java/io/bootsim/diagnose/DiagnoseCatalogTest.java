package io.bootsim.diagnose;

import com.fasterxml.jackson.databind.JsonNode;
import io.bootsim.core.api.Json;
import io.bootsim.scenario.ScenarioParser;
import io.bootsim.scenario.run.ScenarioResult;
import io.bootsim.scenario.run.ScenarioRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One root directory per catalog entry (shared/spec/misconfigurations.md), kubeadm style for
 * 1.33 and systemd style for the 1.9 era, each the correct configuration with one thing broken:
 * the report must name the stage, the cause and the fix.
 */
class DiagnoseCatalogTest {

    @TempDir
    Path dir;

    private DiagnoseReport diagnose(MachineRoots roots) throws Exception {
        return Diagnose.run(roots.write(dir), Optional.empty());
    }

    private static void assertStopped(DiagnoseReport r, String stage, String... fixMentions) {
        assertEquals("stopped at: " + stage, r.outcome(), r.text());
        for (String m : fixMentions) {
            assertTrue(r.fix().orElse("").contains(m) || r.rootCause().orElse("").contains(m), m + " in\n" + r.text());
        }
        assertFalse(r.healthy());
        assertTrue(r.findings().get(0).severity() == Severity.ERROR, r.text());
    }

    private static Finding finding(DiagnoseReport r, String fileEnd, String whatContains) {
        return r.findings().stream().filter(f -> f.file().endsWith(fileEnd) && f.what().contains(whatContains)).findFirst()
                .orElseThrow(() -> new AssertionError("no finding in " + fileEnd + " about \"" + whatContains + "\":\n" + r.text()));
    }

    @Test
    void correctKubeadmClusterBootstrapsWithoutFindingsAboveWarning() throws Exception {
        DiagnoseReport r = diagnose(MachineRoots.kubeadm());
        assertEquals("1.33", r.version().version().toString());
        assertTrue(r.version().origin().contains("registry.k8s.io/kube-apiserver:v1.33.1"), r.version().origin());
        assertEquals(DiagnoseReport.BOOTSTRAPPED, r.outcome(), r.text());
        assertTrue(r.healthy(), r.text());
        assertTrue(r.findings().stream().noneMatch(f -> f.severity() == Severity.ERROR), r.text());
        String nodes = r.finalState().get(1).stdout();
        assertTrue(nodes.startsWith("NAME") && nodes.contains("worker-0"), r.text());
        assertTrue(r.finalState().get(0).stdout().contains("Approved,Issued"), r.text());
    }

    @Test
    void correctSystemdClusterOfThe19EraBootstraps() throws Exception {
        DiagnoseReport r = diagnose(MachineRoots.systemd19());
        assertEquals("1.9", r.version().version().toString());
        assertTrue(r.version().origin().contains("--admission-control"), r.version().origin());
        assertEquals(DiagnoseReport.BOOTSTRAPPED, r.outcome(), r.text());
        assertTrue(r.healthy(), r.text());
        // the token.csv line never expires: a warning, not an error
        assertEquals(Severity.WARNING, finding(r, "/etc/kubernetes/token.csv", "never expires").severity());
    }

    @Test
    void a1EmptyTokenColumnInTokenCsv() throws Exception {
        MachineRoots m = MachineRoots.systemd19();
        m.control.put("/etc/kubernetes/token.csv", ",kubelet-bootstrap,10001,\"system:bootstrappers\"\n"
                + "5b1d9e3f7a2c4e6b8d0f1a3c5e7b9d2f,admin,admin,\"system:masters\"\n");
        DiagnoseReport r = diagnose(m);
        assertStopped(r, "authentication", "--token-auth-file");
        Finding line = finding(r, "/etc/kubernetes/token.csv", "token column is empty");
        assertEquals(1, line.line());
        assertEquals(Severity.ERROR, line.severity());
    }

    @Test
    void a2BootstrapTokenUnknownToTheApiserver() throws Exception {
        MachineRoots m = MachineRoots.kubeadm();
        m.worker.put("/etc/kubernetes/bootstrap-kubelet.conf", MachineRoots.kubeconfig(MachineRoots.ca(),
                "tls-bootstrap-token-user", "    token: zzzzzz.0123456789abcdef\n"));
        DiagnoseReport r = diagnose(m);
        assertStopped(r, "authentication", "token");
        assertTrue(r.findings().get(0).evidence().contains("Unauthorized"), r.text());
    }

    @Test
    void b5RbacBeforeNodeIsAWarningAndStillBootstraps() throws Exception {
        MachineRoots m = MachineRoots.kubeadm();
        m.apiserverFlags.replaceAll(f -> f.startsWith("--authorization-mode") ? "--authorization-mode=RBAC,Node" : f);
        DiagnoseReport r = diagnose(m);
        assertEquals(DiagnoseReport.BOOTSTRAPPED, r.outcome(), r.text());
        Finding order = finding(r, "kube-apiserver.yaml", "RBAC comes before Node");
        assertEquals(Severity.WARNING, order.severity());
        assertTrue(order.line() > 0 && order.fix().equals("--authorization-mode=Node,RBAC"), order.toString());
        assertTrue(r.healthy(), r.text());
    }

    @Test
    void c1NoBindingToNodeBootstrapper() throws Exception {
        MachineRoots m = MachineRoots.kubeadm();
        m.manifests.put("rbac.yaml", m.manifests.get("rbac.yaml").substring(m.manifests.get("rbac.yaml").indexOf("---") + 4));
        DiagnoseReport r = diagnose(m);
        assertStopped(r, "csr-creation", "system:node-bootstrapper");
        assertTrue(r.findings().get(0).evidence().contains("cannot create resource \"certificatesigningrequests\""), r.text());
    }

    @Test
    void c4NoNodeclientAutoApproveBinding() throws Exception {
        MachineRoots m = MachineRoots.kubeadm();
        String rbac = m.manifests.get("rbac.yaml");
        int second = rbac.indexOf("---");
        int third = rbac.indexOf("---", second + 3);
        m.manifests.put("rbac.yaml", rbac.substring(0, second) + rbac.substring(third));
        DiagnoseReport r = diagnose(m);
        assertStopped(r, "approval", "nodeclient");
        assertTrue(r.finalState().get(0).stdout().contains("Pending"), r.text());
    }

    @Test
    void e1NoSigningFlagsApprovedButNeverIssued() throws Exception {
        MachineRoots m = MachineRoots.systemd19();
        m.controllerManagerFlags.removeIf(f -> f.startsWith("--cluster-signing"));
        DiagnoseReport r = diagnose(m);
        assertStopped(r, "signing", "--cluster-signing-cert-file");
        assertTrue(r.finalState().get(0).stdout().contains("Approved"), r.text());
    }

    @Test
    void e2SigningKeyFileMissing() throws Exception {
        MachineRoots m = MachineRoots.kubeadm();
        m.controllerManagerFlags.replaceAll(f -> f.startsWith("--cluster-signing-key-file")
                ? "--cluster-signing-key-file=/etc/kubernetes/ca/ca.key" : f);
        DiagnoseReport r = diagnose(m);
        assertFalse(r.outcome().equals(DiagnoseReport.BOOTSTRAPPED), r.text());
        assertTrue(r.findings().get(0).evidence().contains("open /etc/kubernetes/ca/ca.key: no such file or directory"),
                r.text());
        assertTrue(r.findings().stream().anyMatch(f -> f.file().endsWith("kube-controller-manager.yaml")
                && f.what().contains("/etc/kubernetes/ca/ca.key") && f.line() > 0), r.text());
    }

    @Test
    void e4SigningCaNotInClientCaFile() throws Exception {
        MachineRoots m = MachineRoots.systemd19();
        m.control.put("/etc/kubernetes/ssl/client-ca.pem", MachineRoots.otherCa());
        m.apiserverFlags.replaceAll(f -> f.startsWith("--client-ca-file") ? "--client-ca-file=/etc/kubernetes/ssl/client-ca.pem" : f);
        DiagnoseReport r = diagnose(m);
        Finding differs = finding(r, "kube-controller-manager.service", "does not hold");
        assertEquals(Severity.WARNING, differs.severity());
        assertTrue(differs.fix().contains("/etc/kubernetes/ssl/client-ca.pem"), differs.toString());
    }

    @Test
    void e6ControllerManagerNotRunning() throws Exception {
        MachineRoots m = MachineRoots.kubeadm();
        m.controllerManager = false;
        DiagnoseReport r = diagnose(m);
        assertStopped(r, "approval", "kube-controller-manager");
    }

    @Test
    void f1BootstrapKubeconfigMissing() throws Exception {
        MachineRoots m = MachineRoots.kubeadm();
        m.worker.remove("/etc/kubernetes/bootstrap-kubelet.conf");
        DiagnoseReport r = diagnose(m);
        assertStopped(r, "startup");
        assertTrue(r.rootCause().orElse("").contains("/etc/kubernetes/bootstrap-kubelet.conf"), r.text());
        finding(r, "10-kubeadm.conf", "/etc/kubernetes/bootstrap-kubelet.conf");
    }

    @Test
    void riskyButWorkingConfigurationGivesWarningsWithReasons() throws Exception {
        MachineRoots m = MachineRoots.kubeadm();
        m.manifests.put("risky.yaml", """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata:
                  name: autoscaler-hack
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
                subjects:
                - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: system:authenticated}
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata:
                  name: anonymous-view
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
                subjects:
                - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: system:unauthenticated}
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata:
                  name: serving-auto-approve
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:certificates.k8s.io:certificatesigningrequests:selfnodeserver"}
                subjects:
                - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: system:nodes}
                """);
        m.manifests.put("bootstrap-token.yaml", m.manifests.get("bootstrap-token.yaml").replaceAll("  expiration: .*\n", ""));
        m.controllerManagerFlags.add("--cluster-signing-duration=100000h");
        Path control = dir.resolve("control");
        DiagnoseInput in = m.write(dir);
        Files.setPosixFilePermissions(control.resolve("etc/kubernetes/pki/ca.key"), PosixFilePermissions.fromString("rw-r--r--"));
        DiagnoseReport r = Diagnose.run(in, Optional.empty());
        assertEquals(DiagnoseReport.BOOTSTRAPPED, r.outcome(), r.text());
        finding(r, "risky.yaml", "cluster-admin is bound to system:authenticated");
        finding(r, "risky.yaml", "anonymous requests are allowed");
        finding(r, "risky.yaml", "serving certificates are auto-approved");
        finding(r, "bootstrap-token.yaml", "has no expiration");
        finding(r, "/etc/kubernetes/pki/ca.key", "readable by every user");
        finding(r, "kube-controller-manager.yaml", "signing CA expires");
        assertTrue(r.findings().stream().allMatch(f -> f.severity() != Severity.ERROR), r.text());
        assertTrue(r.healthy());
    }

    @Test
    void alwaysAllowInTheChainIsAWarning() throws Exception {
        MachineRoots m = MachineRoots.systemd19();
        m.apiserverFlags.replaceAll(f -> f.startsWith("--authorization-mode") ? "--authorization-mode=Node,RBAC,AlwaysAllow" : f);
        DiagnoseReport r = diagnose(m);
        assertEquals(Severity.WARNING, finding(r, "/etc/kubernetes/apiserver", "AlwaysAllow").severity());
    }

    @Test
    void malformedInputsAreFindingsWithFileAndLine() throws Exception {
        MachineRoots m = MachineRoots.kubeadm();
        m.worker.put("/etc/kubernetes/bootstrap-kubelet.conf", "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n"
                + "    server: [unclosed\n");
        m.manifests.put("broken.yaml", "kind: ClusterRoleBinding\nmetadata:\n  name: x\n  labels: {a: b\n");
        m.worker.put("/etc/systemd/system/kube-proxy.service", "[Service]\n");
        DiagnoseReport r = diagnose(m);
        Finding kubeconfig = finding(r, "/etc/kubernetes/bootstrap-kubelet.conf", "cannot load this kubeconfig");
        assertTrue(kubeconfig.line() > 0, kubeconfig.toString());
        Finding manifest = finding(r, "broken.yaml", "cannot decode");
        assertTrue(manifest.line() > 0, manifest.toString());
        assertFalse(r.healthy());
    }

    @Test
    void writtenScenarioRunsWithBootsimRunAndReadsTheRealFiles() throws Exception {
        DiagnoseInput in = MachineRoots.kubeadm().write(dir);
        Path file = dir.resolve("ci").resolve("cluster.yaml");
        DiagnoseReport r = Diagnose.run(in, Optional.of(file));
        assertEquals(Optional.of(file.toString()), r.scenario());
        String yaml = Files.readString(file);
        assertTrue(yaml.contains("from: ../control/etc/kubernetes/pki/ca.crt"), yaml);
        assertTrue(yaml.contains("kubectl: apply -f ../manifests/rbac.yaml"), yaml);
        ScenarioResult again = new ScenarioRunner().run(ScenarioParser.parse(file));
        assertTrue(again.passed(), again.failures().toString());
    }

    @Test
    void jsonCarriesTheSameContent() throws Exception {
        MachineRoots m = MachineRoots.systemd19();
        m.controllerManagerFlags.removeIf(f -> f.startsWith("--cluster-signing"));
        DiagnoseReport r = diagnose(m);
        JsonNode j = Json.mapper().readTree(r.json());
        assertEquals("signing", j.path("stage").asText());
        assertEquals("1.9", j.path("emulatedVersion").asText());
        assertEquals(r.findings().size(), j.path("findings").size());
        assertEquals("error", j.path("findings").get(0).path("severity").asText());
        assertEquals(List.of("kubectl get csr", "kubectl get nodes"),
                List.of(j.path("finalState").get(0).path("command").asText(), j.path("finalState").get(1).path("command").asText()));
    }
}
