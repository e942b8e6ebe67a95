package io.bootsim.cli;

import io.bootsim.bench.BenchReport;
import io.bootsim.bench.BenchSpec;
import io.bootsim.bench.CryptoFloor;
import io.bootsim.bench.LiveStampede;
import io.bootsim.bench.ProcessCpu;
import io.bootsim.bench.SimulatedStampede;
import io.bootsim.bench.StampedeResult;
import io.bootsim.core.http.TlsProvider;
import io.bootsim.core.pki.KeyType;
import io.bootsim.core.runtime.HostsDirectory;
import io.bootsim.core.version.KubeVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "bench",
        description = "Bootstrap many simulated kubelets at once and compare with the crypto floor.")
final class BenchCommand implements Callable<Integer> {

    // no mixinStandardHelpOptions: the issue's --version is the emulated version, not bootsim's
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--nodes", required = true, description = "Kubelets that bootstrap at once.")
    int nodes;

    @Option(names = "--ca", defaultValue = "rsa2048",
            description = "Key type of the cluster CA and the apiserver's serving key: rsa2048 or ecdsa-p256 (default ${DEFAULT-VALUE}).")
    String ca;

    @Option(names = "--version", defaultValue = "1.33", description = "Emulated Kubernetes version (default ${DEFAULT-VALUE}).")
    String version;

    @Option(names = "--unthrottled",
            description = "Lift the controller-manager's client-side rate limit (upstream: --kube-api-qps=20, --kube-api-burst=30).")
    boolean unthrottled;

    @Option(names = "--tls", defaultValue = "jdk",
            description = "TLS implementation of every component, the kubelets' child JVM included: jdk, or openssl "
                    + "(BoringSSL through netty-tcnative: the clients, and behind the apiserver's Jetty; linux-x86_64); "
                    + "live runs only (default ${DEFAULT-VALUE}).")
    String tls;

    @Option(names = "--warmup", defaultValue = "0",
            description = "Run a stampede of this many nodes first, unreported, so the measured one runs on a warm JVM.")
    int warmup;

    @Option(names = "--kubelet-process", defaultValue = "auto",
            description = "Where the kubelets run: same (this JVM, beside the control plane), separate (a child JVM, "
                    + "bootsim kubelet --sim-nodes=N, as real clusters run them apart) or auto: separate when N kubelets "
                    + "at " + BenchSpec.FILES_PER_NODE + " open files each, beside the control plane's "
                    + BenchSpec.FILES_BASE + ", would not fit this process's open-file limit (default ${DEFAULT-VALUE}).")
    String kubeletProcess;

    @Option(names = "--live", description = "Wall clock and free-running executors (the default).")
    boolean live;

    @Option(names = "--simulated",
            description = "The scenario runner's virtual world: one virtual clock, one deterministic scheduler thread.")
    boolean simulated;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        // before any handshake: the flow and its floor both negotiate X25519 with one key share
        TlsProvider.pinJdkKeyExchangeGroup();
        BenchSpec spec;
        try {
            TlsProvider stack = TlsProvider.parse(tls).requireAvailable();
            spec = new BenchSpec(nodes, KeyType.parse(ca), KubeVersion.parse(version), !unthrottled, stack,
                    separateKubeletProcess());
            if (simulated && spec.tls() != TlsProvider.JDK) {
                throw new IllegalArgumentException("--tls " + tls + " applies to live runs: --simulated runs the "
                        + "scenario runner's world, where every component uses the JDK's TLS");
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("bootsim bench: " + e.getMessage());
            return 2;
        }
        if (simulated) {
            SimulatedStampede.Result result = new SimulatedStampede(spec).run();
            out.print(result.format(spec));
            return result.registered() == nodes && result.exits().isEmpty() ? 0 : 1;
        }
        if (warmup > 0) {
            out.println("warm-up: " + warmup + " nodes");
            StampedeResult w = stampede(spec.withNodes(warmup), out);
            if (!w.failures().isEmpty()) {
                out.print(new BenchReport(w, null).format());
                return 1;
            }
        }
        StampedeResult result = stampede(spec, out);
        out.println("measuring the crypto floor for " + nodes + " nodes ...");
        CryptoFloor.Figures floor = new CryptoFloor(spec.tls()).measure(nodes, result.files().ca(), result.files().apiserver(),
                spec.version());
        out.print(new BenchReport(result, floor).format());
        return result.failures().isEmpty() ? 0 : 1;
    }

    private boolean separateKubeletProcess() {
        long maxFiles = ProcessCpu.maxFiles();
        return switch (kubeletProcess) {
            case "separate" -> true;
            case "same" -> {
                if (!simulated && !BenchSpec.fitsOneProcess(nodes, maxFiles)) {
                    throw new IllegalArgumentException(nodes + " kubelets and the control plane need about "
                            + BenchSpec.filesNeeded(nodes) + " open files, more than this process's limit of " + maxFiles
                            + ": use --kubelet-process=separate (or auto)");
                }
                yield false;
            }
            case "auto" -> !simulated && !BenchSpec.fitsOneProcess(nodes, maxFiles);
            default -> throw new IllegalArgumentException("--kubelet-process must be auto, same or separate, got "
                    + kubeletProcess);
        };
    }

    private static StampedeResult stampede(BenchSpec spec, PrintStream out) throws Exception {
        Path dir = HostsDirectory.create("bootsim-bench-");
        boolean terminal = System.console() != null;
        long[] lastLine = {0};
        try {
            StampedeResult result = new LiveStampede(spec, dir).run(p -> {
                String line = String.format(Locale.ROOT, "  %6.1f s  client certificates %6d/%d  Ready %6d/%d ",
                        p.elapsedNanos() / 1e9, p.withCertificate(), p.nodes(), p.ready(), p.nodes());
                if (terminal) {
                    out.print("\r" + line);
                    out.flush();
                } else if (p.elapsedNanos() - lastLine[0] >= 5_000_000_000L) {
                    // a log, not a terminal: a line every 5 s
                    lastLine[0] = p.elapsedNanos();
                    out.println(line);
                }
            });
            if (terminal) {
                out.println();
            }
            return result;
        } finally {
            HostsDirectory.delete(dir);
        }
    }
}
