package io.bootsim.e2e.apiserver;

import io.bootsim.core.pki.CertificateAndKey;
import io.bootsim.core.pki.CertificateRequest;
import io.bootsim.core.pki.KeyType;
import io.bootsim.core.pki.Keys;
import io.bootsim.core.pki.Pem;
import io.bootsim.core.pki.Subject;
import io.bootsim.core.pki.TestPki;
import io.bootsim.core.random.RandomStreams;
import io.bootsim.e2e.support.BootsimProcess;
import io.bootsim.e2e.support.Kubectl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * `bootsim kube-apiserver` as a separate process, driven by real kubectl of the same minor version
 * (as the machine's kubectl dispatcher would pick it), with a token kubeconfig and a client
 * certificate kubeconfig. Subclasses pick the version.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class KubeApiServerWithRealKubectlTest {

    private static final String ADMIN_TOKEN = "0fbe1c8d3c4b8a7e6f5d4c3b2a190807";
    private static final String BOOTSTRAP_TOKEN = "07401b6f3d4b4e1e9a9c8b7a6f5e4d3c";

    private Path dir;
    private BootsimProcess server;
    private Kubectl admin;
    private Kubectl bootstrap;
    private Kubectl certAdmin;
    private Kubectl stranger;
    private final TestPki pki = TestPki.ca("kubernetes");

    abstract String minor();

    @BeforeAll
    void startServer(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        Path kubectl = Kubectl.build(minor()).orElse(null);
        Assumptions.assumeTrue(kubectl != null, () -> {
            System.out.println("skipped: kubectl." + minor() + " is not installed beside the kubectl dispatcher");
            return "kubectl." + minor() + " not installed";
        });
        Files.writeString(dir.resolve("token.csv"), ADMIN_TOKEN + ",admin,admin\n"
                + BOOTSTRAP_TOKEN + ",kubelet-bootstrap,10001,\"system:node-bootstrapper\"\n");
        // ABAC gives admin everything, as in the seed's move from ABAC to RBAC
        Files.writeString(dir.resolve("abac.jsonl"), "{\"apiVersion\":\"abac.authorization.kubernetes.io/v1beta1\","
                + "\"kind\":\"Policy\",\"spec\":{\"user\":\"admin\",\"namespace\":\"*\",\"resource\":\"*\","
                + "\"apiGroup\":\"*\",\"nonResourcePath\":\"*\"}}\n");
        Files.writeString(dir.resolve("ca.pem"), pki.caPem());
        CertificateAndKey serving = pki.server("localhost", "127.0.0.1");
        Files.writeString(dir.resolve("apiserver.pem"), Pem.encodeCertificates(serving.certificates()));
        Files.writeString(dir.resolve("apiserver-key.pem"), Pem.encodePrivateKey(serving.privateKey()));
        int port = BootsimProcess.freePort();
        server = BootsimProcess.start(dir, "kube-apiserver", List.of(
                "--secure-port=" + port, "--emulated-version=" + minor(),
                "--token-auth-file=token.csv", "--authorization-mode=Node,ABAC,RBAC",
                "--authorization-policy-file=abac.jsonl", "--client-ca-file=ca.pem",
                "--tls-cert-file=apiserver.pem", "--tls-private-key-file=apiserver-key.pem", "--v=2",
                "--etcd-servers=https://127.0.0.1:2379", "--allow-privileged=true"));
        server.awaitOutput("Serving securely on", Duration.ofSeconds(60));

        String url = "https://127.0.0.1:" + port;
        Path cache = dir.resolve("cache");
        Kubectl.writeKubeconfig(kubectl, dir.resolve("admin.kubeconfig"), url, dir.resolve("ca.pem"), "admin",
                List.of("--token=" + ADMIN_TOKEN));
        Kubectl.writeKubeconfig(kubectl, dir.resolve("bootstrap.kubeconfig"), url, dir.resolve("ca.pem"),
                "kubelet-bootstrap", List.of("--token=" + BOOTSTRAP_TOKEN));
        Kubectl.writeKubeconfig(kubectl, dir.resolve("stranger.kubeconfig"), url, dir.resolve("ca.pem"),
                "stranger", List.of("--token=not-a-known-token"));
        CertificateAndKey masters = pki.client("cert-admin", "system:masters");
        Files.writeString(dir.resolve("admin.pem"), Pem.encodeCertificates(masters.certificates()));
        Files.writeString(dir.resolve("admin-key.pem"), Pem.encodePrivateKey(masters.privateKey()));
        Kubectl.writeKubeconfig(kubectl, dir.resolve("cert.kubeconfig"), url, dir.resolve("ca.pem"), "cert-admin",
                List.of("--client-certificate=" + dir.resolve("admin.pem"), "--client-key=" + dir.resolve("admin-key.pem"),
                        "--embed-certs=true"));
        admin = Kubectl.of(kubectl, dir.resolve("admin.kubeconfig"), cache);
        bootstrap = admin.withKubeconfig(dir.resolve("bootstrap.kubeconfig"));
        stranger = admin.withKubeconfig(dir.resolve("stranger.kubeconfig"));
        certAdmin = admin.withKubeconfig(dir.resolve("cert.kubeconfig"));
    }

    @AfterAll
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void versionAndHealthz() throws Exception {
        String version = admin.check("version");
        assertTrue(version.contains("Server Version: v" + minor() + ".0")
                || version.contains("GitVersion:\"v" + minor() + ".0\""), version); // 1.27 prints version.Info{...}
        assertEquals("ok", admin.check("get", "--raw", "/healthz"));
    }

    @Test
    @Order(2)
    void unknownTokenIsUnauthorized() throws Exception {
        Kubectl.Result r = stranger.run("get", "--raw", "/apis/certificates.k8s.io/v1/certificatesigningrequests");
        assertEquals(1, r.exitCode());
        assertEquals("error: You must be logged in to the server (Unauthorized)\n", r.stderr());
    }

    @Test
    @Order(3)
    void bootstrapTokenIsForbiddenUntilBound() throws Exception {
        Kubectl.Result r = bootstrap.run("get", "csr");
        assertEquals(1, r.exitCode());
        assertEquals("Error from server (Forbidden): certificatesigningrequests.certificates.k8s.io is forbidden: "
                + "User \"kubelet-bootstrap\" cannot list resource \"certificatesigningrequests\" in API group "
                + "\"certificates.k8s.io\" at the cluster scope: No policy matched.\n", r.stderr());
    }

    @Test
    @Order(4)
    void theSeedsFourBindingsAreCreatedAsAdmin() throws Exception {
        assertEquals("clusterrolebinding.rbac.authorization.k8s.io/kubelet-bootstrap created\n", admin.check(
                "create", "clusterrolebinding", "kubelet-bootstrap", "--clusterrole=system:node-bootstrapper",
                "--user=kubelet-bootstrap"));
        admin.check("create", "clusterrolebinding", "node-client-auto-approve-csr",
                "--clusterrole=system:certificates.k8s.io:certificatesigningrequests:nodeclient",
                "--group=system:node-bootstrapper");
        admin.check("create", "clusterrolebinding", "node-client-auto-renew-crt",
                "--clusterrole=system:certificates.k8s.io:certificatesigningrequests:selfnodeclient",
                "--group=system:nodes");
        admin.check("create", "clusterrolebinding", "cluster-admin-users", "--clusterrole=cluster-admin", "--user=admin");
        Kubectl.Result again = admin.run("create", "clusterrolebinding", "kubelet-bootstrap",
                "--clusterrole=system:node-bootstrapper", "--user=kubelet-bootstrap");
        assertEquals("error: failed to create clusterrolebinding: clusterrolebindings.rbac.authorization.k8s.io "
                + "\"kubelet-bootstrap\" already exists\n", again.stderr());
        String wide = admin.check("get", "clusterrolebinding", "kubelet-bootstrap", "-o", "wide");
        assertTrue(wide.startsWith("NAME                ROLE                                   AGE   USERS"), wide);
        assertTrue(wide.contains("ClusterRole/system:node-bootstrapper"), wide);
    }

    @Test
    @Order(5)
    void bootstrapUserCreatesACsrThatShowsUpPending() throws Exception {
        assertEquals("certificatesigningrequest.certificates.k8s.io/csr-node-0 created\n",
                bootstrap.check("create", "-f", csrManifest("node-0").toString()));
        String table = admin.check("get", "csr");
        assertTrue(table.startsWith("NAME         AGE   SIGNERNAME                                    REQUESTOR           REQUESTEDDURATION   CONDITION\n"), table);
        assertTrue(table.contains("csr-node-0   "), table);
        assertTrue(table.contains("kubelet-bootstrap   <none>              Pending"), table);
        assertEquals("kubelet-bootstrap", admin.check("get", "csr", "csr-node-0", "-o", "jsonpath={.spec.username}"));
        String yaml = admin.check("get", "csr", "csr-node-0", "-o", "yaml");
        assertTrue(yaml.contains("  - system:node-bootstrapper\n  - system:authenticated\n"), yaml);
    }

    @Test
    @Order(6)
    void certificateApproveAndDeny() throws Exception {
        assertEquals("certificatesigningrequest.certificates.k8s.io/csr-node-0 approved\n",
                certAdmin.check("certificate", "approve", "csr-node-0"));
        assertTrue(admin.check("get", "csr", "csr-node-0").contains("Approved"));
        Kubectl.Result notFound = admin.run("certificate", "deny", "csr-missing");
        assertEquals(1, notFound.exitCode());
        assertEquals("Error from server (NotFound): certificatesigningrequests.certificates.k8s.io \"csr-missing\" "
                + "not found\n", notFound.stderr());
    }

    @Test
    @Order(7)
    void clusterRolesAndTheirYaml() throws Exception {
        String roles = admin.check("get", "clusterroles");
        assertTrue(roles.startsWith("NAME"), roles);
        assertTrue(roles.contains("system:node-bootstrapper"), roles);
        String yaml = admin.check("get", "clusterrole", "system:node-bootstrapper", "-o", "yaml");
        assertTrue(yaml.contains("  - certificatesigningrequests\n  verbs:\n  - create\n  - get\n  - list\n  - watch\n"), yaml);
    }

    @Test
    @Order(8)
    void applyTwiceThenDelete() throws Exception {
        Path manifest = dir.resolve("crb.yaml");
        Files.writeString(manifest, "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\n"
                + "metadata:\n  name: applied\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n"
                + "  name: system:node-bootstrapper\nsubjects:\n- apiGroup: rbac.authorization.k8s.io\n  kind: Group\n"
                + "  name: system:bootstrappers\n");
        assertEquals("clusterrolebinding.rbac.authorization.k8s.io/applied created\n",
                admin.check("apply", "-f", manifest.toString()));
        assertEquals("clusterrolebinding.rbac.authorization.k8s.io/applied unchanged\n",
                admin.check("apply", "-f", manifest.toString()));
        Files.writeString(manifest, Files.readString(manifest).replace("system:node-bootstrapper", "system:basic-user"));
        Kubectl.Result changed = admin.run("apply", "-f", manifest.toString());
        assertEquals(1, changed.exitCode());
        assertTrue(changed.stderr().contains("The ClusterRoleBinding \"applied\" is invalid: roleRef: Invalid value: "
                + "rbac.RoleRef{APIGroup:\"rbac.authorization.k8s.io\", Kind:\"ClusterRole\", Name:\"system:basic-user\"}: "
                + "cannot change roleRef\n"), changed.stderr());
        assertEquals("clusterrolebinding.rbac.authorization.k8s.io \"applied\" deleted\n",
                admin.check("delete", "clusterrolebinding", "applied"));
    }

    @Test
    @Order(9)
    void nodesListIsEmptyAtFirst() throws Exception {
        Kubectl.Result r = admin.run("get", "nodes");
        assertEquals(0, r.exitCode());
        assertEquals("No resources found\n", r.stderr());
    }

    @Test
    @Order(9)
    void authCanIAndWhoami() throws Exception {
        assertEquals("yes\n", admin.check("auth", "can-i", "create", "certificatesigningrequests",
                "--as=kubelet-bootstrap", "--as-group=system:node-bootstrapper"));
        Kubectl.Result no = admin.run("auth", "can-i", "update", "certificatesigningrequests", "--subresource=approval",
                "--as=kubelet-bootstrap", "--as-group=system:node-bootstrapper");
        assertEquals("no - No policy matched.\n", no.stdout()); // ABAC in the chain gives its reason
        assertEquals(1, no.exitCode());
        String whoami = bootstrap.check("auth", "whoami");
        assertTrue(whoami.contains("kubelet-bootstrap"), whoami);
        assertTrue(whoami.contains("system:node-bootstrapper"), whoami);
        String list = bootstrap.check("auth", "can-i", "--list");
        assertTrue(list.contains("certificatesigningrequests.certificates.k8s.io"), list);
    }

    @Test
    @Order(9)
    void theDefaultNamespacesExistAndAreActive() throws Exception {
        String ns = admin.check("get", "namespace", "default");
        assertTrue(ns.startsWith("NAME      STATUS   AGE\ndefault   Active   "), ns);
        assertEquals("namespace/kube-system", admin.check("get", "ns", "kube-system", "-o", "name").trim());
    }

    /** A kubelet client CSR manifest named csr-NODE, as a user would write it for kubectl create -f. */
    private Path csrManifest(String node) throws Exception {
        KeyPair key = Keys.generate(KeyType.ECDSA_P256, RandomStreams.seeded(1).stream(node));
        String request = Pem.encodeCertificateRequest(CertificateRequest.create(key,
                Subject.of("system:node:" + node, "system:nodes"), List.of(), List.of(),
                RandomStreams.seeded(1).stream("csr")));
        Path manifest = dir.resolve("csr-" + node + ".yaml");
        Files.writeString(manifest, "apiVersion: certificates.k8s.io/v1\nkind: CertificateSigningRequest\nmetadata:\n"
                + "  name: csr-" + node + "\nspec:\n  request: " + Base64.getEncoder().encodeToString(request.getBytes()) + "\n"
                + "  signerName: kubernetes.io/kube-apiserver-client-kubelet\n  usages:\n  - digital signature\n"
                + "  - client auth\n");
        return manifest;
    }

    /**
     * A list-started watch prints the current rows, then a row per change after the list's
     * resourceVersion; a single-object watch skips its first event, which must be the server's
     * synthetic ADDED, and then prints each change. kubectl is stopped once the rows are seen.
     */
    @Test
    @Order(11)
    void getCsrWatchShowsACsrCreatedMeanwhileAndItsApproval() throws Exception {
        try (Kubectl.Running watch = admin.start("get", "csr", "-w", "--request-timeout=60s")) {
            watch.awaitStdout(out -> out.contains("csr-node-0"));
            bootstrap.check("create", "-f", csrManifest("node-1").toString());
            String rows = watch.awaitStdout(out -> out.contains("csr-node-1"));
            assertTrue(rows.startsWith("NAME "), rows);
            assertTrue(rows.lines().anyMatch(l -> l.startsWith("csr-node-1 ") && l.endsWith("Pending")), rows);
        }
        try (Kubectl.Running watch = admin.start("get", "csr", "csr-node-1", "-w", "--request-timeout=60s")) {
            watch.awaitStdout(out -> out.contains("csr-node-1"));
            certAdmin.check("certificate", "approve", "csr-node-1");
            String rows = watch.awaitStdout(out -> out.lines().anyMatch(l -> l.startsWith("csr-node-1 ") && l.endsWith("Approved")));
            assertEquals(2, rows.lines().filter(l -> l.startsWith("csr-node-1 ")).count(), rows);
        }
    }

    @Test
    @Order(10)
    void kubectlPrintsNoDiscoveryWarnings() throws Exception {
        Kubectl.Result r = admin.run("get", "csr", "-o", "name");
        assertEquals("", r.stderr());
        assertEquals("certificatesigningrequest.certificates.k8s.io/csr-node-0\n", r.stdout());
    }
}
