package io.bootsim.e2e.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The seed post's cluster as real files and separate processes: a cfssl-made CA and certificates,
 * token.csv, an ABAC policy for admin, bootstrap.kubeconfig written with kubectl's config commands,
 * and `bootsim kube-apiserver`, `kube-controller-manager` and `kubelet` started with the post's
 * flags (shared/spec/seed-flow.md).
 */
public final class SeedCluster implements AutoCloseable {

    public static final String BOOTSTRAP_TOKEN = "07401b6f3d4b4e1e9a9c8b7a6f5e4d3c";
    public static final List<String> SEED_BINDINGS = List.of("kubelet-bootstrap", "node-client-auto-approve-csr",
            "node-client-auto-renew-crt", "cluster-admin-users");
    private static final String ADMIN_TOKEN = "5c3a0d8f2e1b4a6c9d7e8f0a1b2c3d4e";

    private final Path dir;
    private final String version;
    private final Path kubectlBinary;
    private final int apiPort;
    private final List<BootsimProcess> processes = new ArrayList<>();
    public final Kubectl admin;

    private SeedCluster(Path dir, String version, Path kubectlBinary, int apiPort) {
        this.dir = dir;
        this.version = version;
        this.kubectlBinary = kubectlBinary;
        this.apiPort = apiPort;
        this.admin = Kubectl.of(kubectlBinary, dir.resolve("admin.kubeconfig"), dir.resolve("cache"));
    }

    /** True when cfssl and cfssljson are on the PATH (.ci/run installs them). */
    public static boolean cfsslInstalled() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, "cfssl")) && Files.isExecutable(Path.of(dir, "cfssljson"))) {
                return true;
            }
        }
        return false;
    }

    /** Makes the PKI and files, starts kube-apiserver and waits until it serves. */
    public static SeedCluster create(Path dir, String version, Path kubectlBinary, List<String> extraApiServerFlags)
            throws IOException, InterruptedException {
        SeedCluster cluster = new SeedCluster(dir, version, kubectlBinary, BootsimProcess.freePort());
        cluster.makePki();
        cluster.writeFiles();
        List<String> flags = new ArrayList<>(List.of("--secure-port=" + cluster.apiPort, "--emulated-version=" + version,
                "--token-auth-file=token.csv", "--authorization-policy-file=abac.jsonl", "--client-ca-file=ca.pem",
                "--tls-cert-file=apiserver.pem", "--tls-private-key-file=apiserver-key.pem",
                "--kubelet-client-certificate=kubelet-client.pem", "--kubelet-client-key=kubelet-client-key.pem",
                "--kubelet-certificate-authority=ca.pem", "--kubelet-preferred-address-types=InternalIP,Hostname",
                "--etcd-servers=https://127.0.0.1:2379", "--service-cluster-ip-range=10.32.0.0/24"));
        flags.addAll(extraApiServerFlags);
        if (flags.stream().noneMatch(f -> f.startsWith("--authorization-mode"))) {
            flags.add("--authorization-mode=Node,ABAC,RBAC");
        }
        BootsimProcess apiserver = BootsimProcess.start(dir, "kube-apiserver", flags);
        cluster.processes.add(apiserver);
        apiserver.awaitOutput("Serving securely on", Duration.ofSeconds(60));
        return cluster;
    }

    /** The seed's four bindings, created as admin with kubectl, as the post does. */
    public void createSeedBindings() throws IOException, InterruptedException {
        for (String name : SEED_BINDINGS) {
            createSeedBinding(name);
        }
    }

    /** One of the seed's bindings by name (kubelet-bootstrap, node-client-auto-approve-csr, ...). */
    public void createSeedBinding(String name) throws IOException, InterruptedException {
        String[] roleAndSubject = switch (name) {
            case "kubelet-bootstrap" -> new String[]{"system:node-bootstrapper", "--user=kubelet-bootstrap"};
            case "node-client-auto-approve-csr" -> new String[]{
                    "system:certificates.k8s.io:certificatesigningrequests:nodeclient", "--group=system:node-bootstrapper"};
            case "node-client-auto-renew-crt" -> new String[]{
                    "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient", "--group=system:nodes"};
            case "cluster-admin-users" -> new String[]{"cluster-admin", "--user=admin"};
            default -> throw new IllegalArgumentException("not a seed binding: " + name);
        };
        admin.check("create", "clusterrolebinding", name, "--clusterrole=" + roleAndSubject[0], roleAndSubject[1]);
    }

    public BootsimProcess startControllerManager(List<String> extraFlags) throws IOException, InterruptedException {
        List<String> flags = new ArrayList<>(List.of("--kubeconfig=kcm.kubeconfig", "--emulated-version=" + version,
                "--leader-elect=false", "--v=2"));
        flags.addAll(extraFlags);
        BootsimProcess kcm = BootsimProcess.start(dir, "kube-controller-manager", flags);
        processes.add(kcm);
        kcm.awaitOutput("csrapproving", Duration.ofSeconds(60));
        return kcm;
    }

    /** A kubelet for {@code node} with the seed's flags; its files live under dir/NODE. */
    public BootsimProcess startKubelet(String node, int port, List<String> extraFlags) throws IOException {
        Path root = dir.resolve(node);
        List<String> flags = new ArrayList<>(List.of("--bootstrap-kubeconfig=bootstrap.kubeconfig",
                "--kubeconfig=" + root.resolve("kubeconfig"), "--cert-dir=" + root.resolve("pki"),
                "--rotate-certificates=true", "--hostname-override=" + node, "--node-ip=127.0.0.1",
                "--port=" + port, "--emulated-version=" + version, "--v=2"));
        flags.addAll(extraFlags);
        BootsimProcess kubelet = BootsimProcess.start(dir, "kubelet", flags);
        processes.add(kubelet);
        return kubelet;
    }

    /**
     * Writes dir/NODE/kubeconfig, the --kubeconfig that {@link #startKubelet} passes, with kubectl's
     * config commands, naming the files of a cfssl-made client certificate for system:node:NODE: what a
     * kubeconfig left from an earlier install looks like (shared/spec/misconfigurations.md F2). Files,
     * not embedded data: a kubelet with rotation on copies embedded data into its store and rotates at once.
     */
    public Path writeNodeKubeconfig(String node) throws IOException, InterruptedException {
        certificate(node, "system:node:" + node, "system:nodes", "");
        Path file = dir.resolve(node).resolve("kubeconfig");
        Files.createDirectories(file.getParent());
        Kubectl.writeKubeconfig(kubectlBinary, file, "https://127.0.0.1:" + apiPort, dir.resolve("ca.pem"),
                "system:node:" + node, List.of("--client-certificate=" + dir.resolve(node + ".pem"),
                        "--client-key=" + dir.resolve(node + "-key.pem")));
        return file;
    }

    /**
     * Writes dir/NAME.kubeconfig for a cfssl-made client certificate with common name {@code cn} and
     * organization {@code org} (none when empty), certificate and key embedded: for example a
     * controller manager that is not in system:masters, as KTHW makes it.
     */
    public Path writeClientKubeconfig(String name, String cn, String org) throws IOException, InterruptedException {
        certificate(name, cn, org, "");
        Path file = dir.resolve(name + ".kubeconfig");
        Kubectl.writeKubeconfig(kubectlBinary, file, "https://127.0.0.1:" + apiPort, dir.resolve("ca.pem"), cn,
                List.of("--client-certificate=" + dir.resolve(name + ".pem"), "--client-key=" + dir.resolve(name + "-key.pem"),
                        "--embed-certs=true"));
        return file;
    }

    public Path dir() {
        return dir;
    }

    public String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed:\n" + out);
        }
        return out;
    }

    private void makePki() throws IOException, InterruptedException {
        Files.writeString(dir.resolve("ca-csr.json"),
                "{\"CN\":\"kubernetes\",\"key\":{\"algo\":\"rsa\",\"size\":2048},\"names\":[{\"O\":\"Kubernetes\"}]}");
        Files.writeString(dir.resolve("ca-config.json"), "{\"signing\":{\"default\":{\"expiry\":\"8760h\"},"
                + "\"profiles\":{\"kubernetes\":{\"usages\":[\"signing\",\"key encipherment\",\"server auth\","
                + "\"client auth\"],\"expiry\":\"8760h\"}}}}");
        cfssl("-initca", "ca-csr.json", "ca");
        certificate("apiserver", "kubernetes", "", "127.0.0.1,localhost,kubernetes");
        certificate("kcm", "system:kube-controller-manager", "system:masters", "");
        certificate("kubelet-client", "kube-apiserver-kubelet-client", "system:masters", "");
    }

    private void certificate(String name, String cn, String org, String hosts) throws IOException, InterruptedException {
        Files.writeString(dir.resolve(name + "-csr.json"), "{\"CN\":\"" + cn + "\",\"key\":{\"algo\":\"rsa\",\"size\":2048}"
                + (org.isEmpty() ? "" : ",\"names\":[{\"O\":\"" + org + "\"}]") + "}");
        List<String> args = new ArrayList<>(List.of("cfssl", "gencert", "-ca=ca.pem", "-ca-key=ca-key.pem",
                "-config=ca-config.json", "-profile=kubernetes"));
        if (!hosts.isEmpty()) {
            args.add("-hostname=" + hosts);
        }
        args.add(name + "-csr.json");
        pipeToCfssljson(args, name);
    }

    private void cfssl(String flag, String csr, String name) throws IOException, InterruptedException {
        pipeToCfssljson(List.of("cfssl", "gencert", flag, csr), name);
    }

    private void pipeToCfssljson(List<String> cfssl, String name) throws IOException, InterruptedException {
        Process gen = new ProcessBuilder(cfssl).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] json = gen.getInputStream().readAllBytes();
        gen.waitFor(60, TimeUnit.SECONDS);
        Process bare = new ProcessBuilder("cfssljson", "-bare", name).directory(dir.toFile()).redirectErrorStream(true).start();
        bare.getOutputStream().write(json);
        bare.getOutputStream().close();
        if (!bare.waitFor(60, TimeUnit.SECONDS) || bare.exitValue() != 0 || !Files.exists(dir.resolve(name + ".pem"))) {
            throw new AssertionError("cfssl could not make " + name + ": " + new String(bare.getInputStream().readAllBytes()));
        }
    }

    private void writeFiles() throws IOException, InterruptedException {
        Files.writeString(dir.resolve("token.csv"), ADMIN_TOKEN + ",admin,admin\n"
                + BOOTSTRAP_TOKEN + ",kubelet-bootstrap,10001,\"system:node-bootstrapper\"\n");
        Files.writeString(dir.resolve("abac.jsonl"), "{\"apiVersion\":\"abac.authorization.kubernetes.io/v1beta1\","
                + "\"kind\":\"Policy\",\"spec\":{\"user\":\"admin\",\"namespace\":\"*\",\"resource\":\"*\","
                + "\"apiGroup\":\"*\",\"nonResourcePath\":\"*\"}}\n");
        String server = "https://127.0.0.1:" + apiPort;
        Path ca = dir.resolve("ca.pem");
        Kubectl.writeKubeconfig(kubectlBinary, dir.resolve("admin.kubeconfig"), server, ca, "admin",
                List.of("--token=" + ADMIN_TOKEN));
        Kubectl.writeKubeconfig(kubectlBinary, dir.resolve("bootstrap.kubeconfig"), server, ca, "kubelet-bootstrap",
                List.of("--token=" + BOOTSTRAP_TOKEN));
        Kubectl.writeKubeconfig(kubectlBinary, dir.resolve("kcm.kubeconfig"), server, ca, "system:kube-controller-manager",
                List.of("--client-certificate=" + dir.resolve("kcm.pem"), "--client-key=" + dir.resolve("kcm-key.pem"),
                        "--embed-certs=true"));
    }

    @Override
    public void close() throws InterruptedException {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
    }
}
