package io.bootsim.bench;

import io.bootsim.core.pki.KeyType;
import io.bootsim.kubelet.Kubelet;
import io.bootsim.kubelet.KubeletPhase;
import io.bootsim.scenario.Scenario;
import io.bootsim.scenario.ScenarioParser;
import io.bootsim.scenario.run.BuiltInKubectl;
import io.bootsim.scenario.run.KubectlDriver;
import io.bootsim.scenario.world.SimulatedCluster;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The stampede in the scenario runner's simulated world: the same components and TLS over
 * loopback, but every component's logic on one virtual clock and one deterministic scheduler
 * thread, which lets virtual time pass only when the network is quiet. The cluster is a generated
 * scenario (kubeadm's bindings, created with kubectl as admin; N kubelets with a shared bootstrap
 * token); all kubelets start at the same virtual instant and the run ends when each has
 * registered its Node. Reports the wall time and the virtual time it took.
 */
public final class SimulatedStampede {

    /** What a simulated run measured; {@code registered} kubelets reached RUNNING (Node stored). */
    public record Result(int nodes, int registered, double wallSeconds, Duration virtual, List<Integer> exits) {
        public String format(BenchSpec spec) {
            StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT, "bootsim bench: %d nodes, CA %s, Kubernetes %s, %s, simulated "
                            + "(virtual clock, one scheduler thread), TLS: the JDK's at both ends%n", nodes,
                    spec.ca(), spec.version(), spec.throttled() ? "client-side rate limits as upstream"
                            : "unthrottled"));
            out.append(String.format(Locale.ROOT, "  all registered       %8.2f s wall   %8.1f nodes/s   virtual time %s%n",
                    wallSeconds, nodes / wallSeconds, virtual));
            if (registered == nodes && exits.isEmpty()) {
                out.append(String.format(Locale.ROOT, "  correctness          ok: %d kubelets registered their Node%n", nodes));
            } else {
                out.append(String.format(Locale.ROOT, "  FAILED               %d of %d kubelets registered; %d exited%n",
                        registered, nodes, exits.size()));
            }
            return out.toString();
        }
    }

    private static final Duration WITHIN = Duration.ofHours(1);
    private static final String ADMIN_KUBECONFIG = "/etc/kubernetes/admin.kubeconfig";

    private final BenchSpec spec;

    public SimulatedStampede(BenchSpec spec) {
        this.spec = spec;
    }

    public Result run() throws Exception {
        Scenario scenario = ScenarioParser.parse(scenarioText(), "bootsim bench --simulated");
        try (SimulatedCluster cluster = SimulatedCluster.create(scenario, Path.of("."))) {
            cluster.startInitial();
            KubectlDriver kubectl = new BuiltInKubectl(Path.of("."));
            for (String[] binding : List.of(
                    new String[] {"kubeadm:kubelet-bootstrap", "system:node-bootstrapper", "system:bootstrappers"},
                    new String[] {"kubeadm:node-autoapprove-bootstrap",
                            "system:certificates.k8s.io:certificatesigningrequests:nodeclient", "system:bootstrappers"},
                    new String[] {"kubeadm:node-autoapprove-certificate-rotation",
                            "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient", "system:nodes"})) {
                KubectlDriver.Result r = kubectl.run(cluster, cluster.file(SimulatedCluster.CONTROL_PLANE,
                        ADMIN_KUBECONFIG).toString(), List.of("create", "clusterrolebinding", binding[0],
                        "--clusterrole=" + binding[1], "--group=" + binding[2]));
                if (r.exitCode() != 0) {
                    throw new IllegalStateException("kubectl create clusterrolebinding " + binding[0] + ": " + r.stderr());
                }
            }
            int n = spec.nodes();
            List<Kubelet> kubelets = new ArrayList<>(n);
            Instant virtualStart = cluster.now();
            long wallStart = System.nanoTime();
            for (int i = 0; i < n; i++) {
                String name = "kubelet/" + Milestones.nodeName(i);
                cluster.start(name);
                kubelets.add(cluster.kubelet(name).orElseThrow());
            }
            // kubelets before `next` are registered or exited: each check looks at few
            int[] next = {0};
            cluster.runUntil(() -> {
                while (next[0] < n && settled(kubelets.get(next[0]))) {
                    next[0]++;
                }
                return next[0] == n;
            }, WITHIN);
            double wall = (System.nanoTime() - wallStart) / 1e9;
            Duration virtual = Duration.between(virtualStart, cluster.now());
            int registered = (int) kubelets.stream().filter(k -> k.phase() == KubeletPhase.RUNNING).count();
            List<Integer> exits = kubelets.stream().flatMap(k -> k.exitCode().stream()).toList();
            return new Result(n, registered, wall, virtual, exits);
        }
    }

    private static boolean settled(Kubelet kubelet) {
        return kubelet.phase() == KubeletPhase.RUNNING || kubelet.phase() == KubeletPhase.EXITED;
    }

    /** The scenario: the live bench's cluster (BenchFiles, LiveStampede) in the runner's language. */
    private String scenarioText() {
        String key = spec.ca() == KeyType.RSA_2048 ? "rsa2048" : "ecdsa-p256";
        StringBuilder y = new StringBuilder();
        y.append("name: bench-").append(spec.nodes()).append('\n');
        y.append("description: bootsim bench --simulated\n");
        y.append("cluster:\n  version: \"").append(spec.version()).append("\"\n  pki:\n");
        y.append("    - {name: ca, ca: true, cn: kubernetes, key: ").append(key)
                .append(", cert: /etc/kubernetes/pki/ca.pem, keyFile: /etc/kubernetes/pki/ca-key.pem}\n");
        y.append("    - {name: apiserver, issuer: ca, cn: kube-apiserver, key: ").append(key)
                .append(", hosts: [127.0.0.1, localhost, kubernetes], usages: [digital signature, key encipherment, "
                        + "server auth], cert: /etc/kubernetes/pki/apiserver.pem, keyFile: /etc/kubernetes/pki/apiserver-key.pem}\n");
        y.append("    - {name: controller-manager, issuer: ca, cn: \"system:kube-controller-manager\", o: [\"system:masters\"], key: ")
                .append(key).append(", usages: [digital signature, key encipherment, client auth]}\n");
        // one serving pair for every kubelet, as the live bench: no node spends its start on a self-signed RSA key
        y.append("    - {name: kubelet-serving, issuer: ca, cn: kubelet, key: ecdsa-p256, hosts: [127.0.0.1], usages: "
                + "[digital signature, key encipherment, server auth], cert: /var/lib/kubelet/pki/serving.pem, "
                + "keyFile: /var/lib/kubelet/pki/serving-key.pem}\n");
        y.append("  files:\n    /etc/kubernetes/token.csv: |\n");
        y.append("      ").append(BenchFiles.ADMIN_TOKEN).append(",admin,admin,\"system:masters\"\n");
        y.append("      ").append(BenchFiles.BOOTSTRAP_TOKEN).append(",kubelet-bootstrap,10001,\"system:bootstrappers\"\n");
        y.append("    /etc/kubernetes/bootstrap.kubeconfig:\n      kubeconfig: {server: \"https://127.0.0.1:6443\", ca: ca, token: ")
                .append(BenchFiles.BOOTSTRAP_TOKEN).append(", user: kubelet-bootstrap}\n");
        y.append("    ").append(ADMIN_KUBECONFIG).append(":\n      kubeconfig: {server: \"https://127.0.0.1:6443\", ca: ca, token: ")
                .append(BenchFiles.ADMIN_TOKEN).append(", user: admin}\n");
        y.append("    /etc/kubernetes/controller-manager.kubeconfig:\n      kubeconfig: {server: \"https://127.0.0.1:6443\", "
                + "ca: ca, clientCertificate: controller-manager, user: \"system:kube-controller-manager\"}\n");
        y.append("  admin: ").append(ADMIN_KUBECONFIG).append('\n');
        y.append("  kube-apiserver:\n    flags:\n");
        for (String flag : List.of("--authorization-mode=Node,RBAC", "--token-auth-file=/etc/kubernetes/token.csv",
                "--client-ca-file=/etc/kubernetes/pki/ca.pem", "--tls-cert-file=/etc/kubernetes/pki/apiserver.pem",
                "--tls-private-key-file=/etc/kubernetes/pki/apiserver-key.pem", "--secure-port=6443",
                spec.version().atLeast(1, 10) ? "--enable-admission-plugins=NodeRestriction"
                        : "--admission-control=NamespaceLifecycle,NodeRestriction")) {
            y.append("      - ").append(flag).append('\n');
        }
        y.append("  kube-controller-manager:\n    flags:\n");
        List<String> kcm = new ArrayList<>(List.of("--kubeconfig=/etc/kubernetes/controller-manager.kubeconfig",
                "--cluster-signing-cert-file=/etc/kubernetes/pki/ca.pem",
                "--cluster-signing-key-file=/etc/kubernetes/pki/ca-key.pem", "--leader-elect=false"));
        if (!spec.throttled()) {
            kcm.add("--kube-api-qps=1000000");
            kcm.add("--kube-api-burst=1000000");
        }
        kcm.forEach(flag -> y.append("      - ").append(flag).append('\n'));
        y.append("  kubelets:\n");
        for (int i = 0; i < spec.nodes(); i++) {
            y.append("    - name: ").append(Milestones.nodeName(i)).append("\n      start: false\n      flags: [")
                    .append("--bootstrap-kubeconfig=/etc/kubernetes/bootstrap.kubeconfig, ")
                    .append("--kubeconfig=/var/lib/kubelet/kubeconfig, --cert-dir=/var/lib/kubelet/pki, ")
                    .append("--rotate-certificates=true, --tls-cert-file=/var/lib/kubelet/pki/serving.pem, ")
                    .append("--tls-private-key-file=/var/lib/kubelet/pki/serving-key.pem]\n");
        }
        y.append("steps: []\n");
        return y.toString();
    }
}
