package io.bootsim.kubectl;

import io.bootsim.core.http.ClientNetwork;
import io.bootsim.core.http.TlsProvider;
import io.bootsim.core.pki.CertificateAndKey;
import io.bootsim.core.pki.CertificateRequest;
import io.bootsim.core.pki.KeyType;
import io.bootsim.core.pki.Keys;
import io.bootsim.core.pki.Pem;
import io.bootsim.core.pki.Subject;
import io.bootsim.core.pki.TestPki;
import io.bootsim.core.random.RandomStreams;
import io.bootsim.core.time.Clock;
import io.bootsim.core.time.ExecutorScheduler;
import io.bootsim.core.trace.Tracer;
import io.bootsim.e2e.support.BootsimProcess;
import io.bootsim.e2e.support.Kubectl;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The built-in kubectl against real kubectl 1.33, command by command, on one `bootsim
 * kube-apiserver` process: for each command both run against the same server state and must
 * leave the same stdout, stderr and exit code. Commands that change state run twice, on two
 * objects that differ only in name, so both see the same state; ages and klog headers are masked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlGoldenTest {

    private static final String ADMIN_TOKEN = "0fbe1c8d3c4b8a7e6f5d4c3b2a190807";
    private static final String BOOTSTRAP_TOKEN = "07401b6f3d4b4e1e9a9c8b7a6f5e4d3c";

    private Path dir;
    private BootsimProcess server;
    private Kubectl real;
    private Path binary;
    private EventLoopGroup group;
    private ExecutorScheduler scheduler;
    private io.bootsim.kubectl.Kubectl builtIn;
    private final TestPki pki = TestPki.ca("kubernetes");

    @BeforeAll
    void start(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        binary = Kubectl.build("1.33").orElse(null);
        Assumptions.assumeTrue(binary != null, "kubectl.1.33 not installed");
        Files.writeString(dir.resolve("token.csv"), ADMIN_TOKEN + ",admin,admin\n"
                + BOOTSTRAP_TOKEN + ",kubelet-bootstrap,10001,\"system:node-bootstrapper\"\n");
        Files.writeString(dir.resolve("abac.jsonl"), "{\"apiVersion\":\"abac.authorization.kubernetes.io/v1beta1\","
                + "\"kind\":\"Policy\",\"spec\":{\"user\":\"admin\",\"namespace\":\"*\",\"resource\":\"*\","
                + "\"apiGroup\":\"*\",\"nonResourcePath\":\"*\"}}\n");
        Files.writeString(dir.resolve("ca.pem"), pki.caPem());
        CertificateAndKey serving = pki.server("localhost", "127.0.0.1");
        Files.writeString(dir.resolve("apiserver.pem"), Pem.encodeCertificates(serving.certificates()));
        Files.writeString(dir.resolve("apiserver-key.pem"), Pem.encodePrivateKey(serving.privateKey()));
        int port = BootsimProcess.freePort();
        server = BootsimProcess.start(dir, "kube-apiserver", List.of("--secure-port=" + port,
                "--emulated-version=1.33", "--token-auth-file=token.csv", "--authorization-mode=Node,ABAC,RBAC",
                "--authorization-policy-file=abac.jsonl", "--client-ca-file=ca.pem",
                "--tls-cert-file=apiserver.pem", "--tls-private-key-file=apiserver-key.pem"));
        server.awaitOutput("Serving securely on", Duration.ofSeconds(60));
        String url = "https://127.0.0.1:" + port;
        Kubectl.writeKubeconfig(binary, dir.resolve("admin.kubeconfig"), url, dir.resolve("ca.pem"), "admin",
                List.of("--token=" + ADMIN_TOKEN));
        Kubectl.writeKubeconfig(binary, dir.resolve("bootstrap.kubeconfig"), url, dir.resolve("ca.pem"),
                "kubelet-bootstrap", List.of("--token=" + BOOTSTRAP_TOKEN));
        Kubectl.writeKubeconfig(binary, dir.resolve("stranger.kubeconfig"), url, dir.resolve("ca.pem"), "stranger",
                List.of("--token=not-a-known-token"));
        real = Kubectl.of(binary, dir.resolve("admin.kubeconfig"), dir.resolve("cache"));
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        scheduler = new ExecutorScheduler("kubectl", Clock.system());
        builtIn = new io.bootsim.kubectl.Kubectl(new KubectlEnvironment(scheduler,
                new ClientNetwork(group, TlsProvider.JDK), Tracer.discard("kubectl"), dir,
                dir.resolve("admin.kubeconfig")));
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (scheduler != null) {
            scheduler.close();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private Kubectl.Result realRun(String kubeconfig, String... args) throws Exception {
        return real.withKubeconfig(dir.resolve(kubeconfig)).run(args);
    }

    private KubectlResult ours(String kubeconfig, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("--kubeconfig=" + kubeconfig));
        argv.addAll(List.of(args));
        return builtIn.runBlocking(argv);
    }

    /** Real then ours, same command, same state (reads only). */
    private void read(String kubeconfig, String... args) throws Exception {
        Kubectl.Result r = realRun(kubeconfig, args);
        KubectlResult o = ours(kubeconfig, args);
        assertSame(r, o, String.join(" ", args));
    }

    /** A write: real kubectl with {@code realArgs}, ours with {@code ourArgs}; outputs compared after renaming. */
    private void write(String kubeconfig, String realName, String ourName, String... args) throws Exception {
        Kubectl.Result r = realRun(kubeconfig, args);
        String[] renamed = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            renamed[i] = args[i].replace(realName, ourName);
        }
        KubectlResult o = ours(kubeconfig, renamed);
        assertSame(new Kubectl.Result(r.exitCode(), r.stdout().replace(realName, ourName),
                r.stderr().replace(realName, ourName)), o, String.join(" ", args));
    }

    private static void assertSame(Kubectl.Result r, KubectlResult o, String what) {
        assertEquals(mask(r.stdout()), mask(o.stdout()), "stdout of kubectl " + what);
        assertEquals(mask(r.stderr()), mask(o.stderr()), "stderr of kubectl " + what);
        assertEquals(r.exitCode(), o.exitCode(), "exit code of kubectl " + what);
    }

    /** Ages may differ by a second between the two runs; klog headers carry time and pid. */
    private static String mask(String text) {
        return text.replaceAll("(?m)^([EIW])\\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d{6} +\\d+ ", "$1MMDD hh:mm:ss.uuuuuu PID ")
                .replaceAll("(?<=\\s)\\d+s(?=\\s)", "Ns");
    }

    @Test
    @Order(1)
    void versionAndRaw() throws Exception {
        read("admin.kubeconfig", "version");
        read("admin.kubeconfig", "get", "--raw", "/healthz");
        read("stranger.kubeconfig", "get", "--raw", "/healthz");
        read("stranger.kubeconfig", "version");
    }

    @Test
    @Order(2)
    void commandLineErrors() throws Exception {
        read("admin.kubeconfig", "get", "ns", "--frob");
        read("admin.kubeconfig", "get");
        read("admin.kubeconfig", "get", "foos");
        read("admin.kubeconfig", "get", "ns", "-o", "foo");
    }

    @Test
    @Order(3)
    void unauthorizedDiscoveryWithAColdCache() throws Exception {
        // the built-in kubectl always discovers afresh; real kubectl does so with an empty cache
        Kubectl cold = Kubectl.of(binary, dir.resolve("stranger.kubeconfig"), dir.resolve("cold-cache"));
        assertSame(cold.run("get", "csr"), ours("stranger.kubeconfig", "get", "csr"), "get csr");
    }

    @Test
    @Order(4)
    void tablesOfTheSeededPolicy() throws Exception {
        read("admin.kubeconfig", "get", "clusterrolebindings");
        read("admin.kubeconfig", "get", "clusterrolebindings", "-o", "wide");
        read("admin.kubeconfig", "get", "clusterroles");
        read("admin.kubeconfig", "get", "clusterrole", "system:node-bootstrapper");
        read("admin.kubeconfig", "get", "roles", "-A");
        read("admin.kubeconfig", "get", "rolebindings", "-n", "kube-system");
        read("admin.kubeconfig", "get", "namespaces");
        read("admin.kubeconfig", "get", "csr");
        read("admin.kubeconfig", "get", "nodes", "-o", "wide");
        read("admin.kubeconfig", "get", "leases", "-n", "kube-node-lease");
        read("admin.kubeconfig", "get", "secrets", "-A");
        read("admin.kubeconfig", "get", "configmaps");
        read("admin.kubeconfig", "get", "clusterrolebindings", "--no-headers");
    }

    @Test
    @Order(5)
    void objectsAsYamlJsonNameAndJsonPath() throws Exception {
        read("admin.kubeconfig", "get", "clusterrole", "system:node-bootstrapper", "-o", "yaml");
        read("admin.kubeconfig", "get", "clusterrole", "system:node-bootstrapper", "-o", "json");
        read("admin.kubeconfig", "get", "clusterrolebindings", "-o", "yaml");
        read("admin.kubeconfig", "get", "namespaces", "-o", "name");
        read("admin.kubeconfig", "get", "namespaces", "-o", "jsonpath={.items[*].metadata.name}");
        read("admin.kubeconfig", "get", "clusterroles", "-o",
                "jsonpath={range .items[*]}{.metadata.name}{\"\\t\"}{.rules[*].verbs}{\"\\n\"}{end}");
        read("admin.kubeconfig", "get", "csr", "-o", "yaml");
        read("admin.kubeconfig", "get", "csr", "-o", "json");
        read("admin.kubeconfig", "get", "csr", "nosuch");
        read("admin.kubeconfig", "get", "csr", "nosuch", "-o", "yaml");
    }

    @Test
    @Order(6)
    void createClusterRoleBindings() throws Exception {
        write("admin.kubeconfig", "real-bootstrap", "ours-bootstrap", "create", "clusterrolebinding",
                "real-bootstrap", "--clusterrole=system:node-bootstrapper", "--user=kubelet-bootstrap");
        write("admin.kubeconfig", "real-bootstrap", "ours-bootstrap", "create", "clusterrolebinding",
                "real-bootstrap", "--clusterrole=system:node-bootstrapper", "--user=kubelet-bootstrap");
        write("admin.kubeconfig", "real-many", "ours-many", "create", "clusterrolebinding", "real-many",
                "--clusterrole=cluster-admin", "--user=a", "--user=b", "--group=g", "--serviceaccount=ns:sa");
        write("bootstrap.kubeconfig", "real-denied", "ours-denied", "create", "clusterrolebinding", "real-denied",
                "--clusterrole=cluster-admin", "--user=kubelet-bootstrap");
        write("admin.kubeconfig", "real-rb", "ours-rb", "create", "rolebinding", "real-rb", "-n", "kube-system",
                "--role=system:controller:token-cleaner", "--user=x");
        read("admin.kubeconfig", "get", "clusterrolebinding", "real-many", "-o", "yaml");
        read("admin.kubeconfig", "create", "clusterrolebinding");
    }

    @Test
    @Order(7)
    void createAndApplyManifests() throws Exception {
        for (String who : List.of("real", "ours")) {
            Files.writeString(dir.resolve(who + "-crb.yaml"), "apiVersion: rbac.authorization.k8s.io/v1\n"
                    + "kind: ClusterRoleBinding\nmetadata:\n  name: " + who + "-applied\nroleRef:\n"
                    + "  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: system:node-bootstrapper\n"
                    + "subjects:\n- apiGroup: rbac.authorization.k8s.io\n  kind: Group\n  name: system:bootstrappers\n"
                    + "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + who + "-cm\ndata:\n  a: \"1\"\n");
        }
        write("admin.kubeconfig", "real-", "ours-", "apply", "-f", dir.resolve("real-crb.yaml").toString());
        read("admin.kubeconfig", "get", "clusterrolebinding", "ours-applied", "-o", "yaml");
        write("admin.kubeconfig", "real-", "ours-", "apply", "-f", dir.resolve("real-crb.yaml").toString());
        for (String who : List.of("real", "ours")) {
            Files.writeString(dir.resolve(who + "-crb.yaml"), Files.readString(dir.resolve(who + "-crb.yaml"))
                    .replace("system:bootstrappers", "system:nodes"));
        }
        write("admin.kubeconfig", "real-", "ours-", "apply", "-f", dir.resolve("real-crb.yaml").toString());
        write("admin.kubeconfig", "real-", "ours-", "create", "-f", dir.resolve("real-crb.yaml").toString());
        for (String who : List.of("real", "ours")) {
            // created by create clusterrolebinding, so it lacks the last-applied annotation
            Files.writeString(dir.resolve(who + "-bootstrap.yaml"), "apiVersion: rbac.authorization.k8s.io/v1\n"
                    + "kind: ClusterRoleBinding\nmetadata:\n  name: " + who + "-bootstrap\nroleRef:\n"
                    + "  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: system:node-bootstrapper\n"
                    + "subjects:\n- apiGroup: rbac.authorization.k8s.io\n  kind: User\n  name: kubelet-bootstrap\n");
        }
        write("admin.kubeconfig", "real-bootstrap", "ours-bootstrap", "apply", "-f", dir.resolve("real-bootstrap.yaml").toString());
        Files.writeString(dir.resolve("real-many.yaml"), "apiVersion: rbac.authorization.k8s.io/v1\n"
                + "kind: ClusterRoleBinding\nmetadata:\n  name: real-many\nroleRef:\n"
                + "  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: cluster-admin\nsubjects:\n"
                + "- apiGroup: rbac.authorization.k8s.io\n  kind: User\n  name: a\n");
        Files.writeString(dir.resolve("ours-many.yaml"), Files.readString(dir.resolve("real-many.yaml"))
                .replace("real-many", "ours-many"));
        write("admin.kubeconfig", "real-many", "ours-many", "apply", "-f", dir.resolve("real-many.yaml").toString());
    }

    @Test
    @Order(8)
    void csrCreateApproveDeny() throws Exception {
        for (String who : List.of("real", "ours")) {
            for (String n : List.of("a", "b")) {
                KeyPair key = Keys.generate(KeyType.ECDSA_P256, RandomStreams.seeded(1).stream(who + n));
                String request = Pem.encodeCertificateRequest(CertificateRequest.create(key,
                        Subject.of("system:node:" + who + "-" + n, "system:nodes"), List.of(), List.of(),
                        RandomStreams.seeded(1).stream("csr")));
                Files.writeString(dir.resolve(who + "-csr-" + n + ".yaml"), "apiVersion: certificates.k8s.io/v1\n"
                        + "kind: CertificateSigningRequest\nmetadata:\n  name: " + who + "-csr-" + n + "\nspec:\n"
                        + "  request: " + Base64.getEncoder().encodeToString(request.getBytes()) + "\n"
                        + "  signerName: kubernetes.io/kube-apiserver-client-kubelet\n  expirationSeconds: 3600\n"
                        + "  usages:\n  - digital signature\n  - client auth\n");
            }
        }
        write("bootstrap.kubeconfig", "real-", "ours-", "create", "-f", dir.resolve("real-csr-a.yaml").toString());
        write("bootstrap.kubeconfig", "real-", "ours-", "create", "-f", dir.resolve("real-csr-a.yaml").toString());
        write("admin.kubeconfig", "real-", "ours-", "create", "-f", dir.resolve("real-csr-b.yaml").toString());
        read("admin.kubeconfig", "get", "csr");
        read("admin.kubeconfig", "get", "csr", "-o", "wide");
        write("admin.kubeconfig", "real-", "ours-", "get", "csr", "real-csr-a", "-o", "jsonpath={.spec.username}");
        write("admin.kubeconfig", "real-", "ours-", "certificate", "approve", "real-csr-a");
        write("admin.kubeconfig", "real-", "ours-", "certificate", "approve", "real-csr-a");
        write("admin.kubeconfig", "real-", "ours-", "certificate", "deny", "real-csr-a");
        write("admin.kubeconfig", "real-", "ours-", "certificate", "deny", "real-csr-b");
        write("admin.kubeconfig", "real-", "ours-", "certificate", "approve",
                "certificatesigningrequest.certificates.k8s.io/real-csr-a");
        write("admin.kubeconfig", "real-", "ours-", "certificate", "approve", "csr/real-csr-a");
        write("admin.kubeconfig", "real-", "ours-", "certificate", "approve", "real-nosuch");
        read("admin.kubeconfig", "get", "csr");
        write("admin.kubeconfig", "real-", "ours-", "get", "csr", "real-csr-a", "-o",
                "jsonpath={.status.conditions[0].type} {.status.conditions[0].reason}");
        write("bootstrap.kubeconfig", "real-", "ours-", "get", "csr", "real-csr-a");
    }

    @Test
    @Order(9)
    void deleteAndAuth() throws Exception {
        write("admin.kubeconfig", "real-", "ours-", "delete", "clusterrolebinding", "real-bootstrap");
        write("admin.kubeconfig", "real-", "ours-", "delete", "clusterrolebinding", "real-bootstrap");
        write("admin.kubeconfig", "real-", "ours-", "delete", "csr/real-csr-b");
        read("admin.kubeconfig", "auth", "can-i", "create", "certificatesigningrequests");
        read("bootstrap.kubeconfig", "auth", "can-i", "create", "csr");
        read("bootstrap.kubeconfig", "auth", "can-i", "list", "nodes");
        read("admin.kubeconfig", "auth", "can-i", "get", "/healthz");
        read("admin.kubeconfig", "auth", "can-i", "create", "csr", "--as=kubelet-bootstrap",
                "--as-group=system:node-bootstrapper");
        read("bootstrap.kubeconfig", "auth", "can-i", "--list");
        read("admin.kubeconfig", "auth", "whoami");
        read("bootstrap.kubeconfig", "auth", "whoami");
    }
}
