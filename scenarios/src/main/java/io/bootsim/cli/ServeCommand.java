package io.bootsim.cli;

import io.bootsim.apiserver.StartupException;
import io.bootsim.core.pki.PemException;
import io.bootsim.scenario.Scenario;
import io.bootsim.scenario.ScenarioParser;
import io.bootsim.scenario.world.LiveCluster;
import io.bootsim.scenario.yaml.ScenarioFileException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve a scenario's cluster in live mode (wall clock, real threads) for real kubectl, until Ctrl-C. "
                + "The scenario's setup steps (up to its first wait, advance, skew or expect) are performed; the rest is yours.")
final class ServeCommand implements Callable<Integer> {

    /** The seed's cluster: the flow of the original post on the newest release. */
    static final Path SEED = Path.of("scenarios", "suite", "seed-flow-1.33.yaml");

    @Parameters(arity = "0..1", paramLabel = "SCENARIO", description = "The scenario file (default: scenarios/suite/seed-flow-1.33.yaml).")
    Path scenario;

    @Option(names = "--port", paramLabel = "PORT", description = "Serve kube-apiserver on this port (0: a free one) "
            + "instead of the scenario's --secure-port.")
    Integer port;

    @Option(names = "--logs", description = "Print the components' klog lines on stderr (at each one's own --v).")
    boolean logs;

    @Override
    public Integer call() throws IOException, PemException, InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Optional<LiveCluster> cluster = start(System.out, System.err);
        if (cluster.isEmpty()) {
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("bootsim serve: stopping");
            cluster.get().close();
            stopped.countDown();
        }, "bootsim-serve-stop"));
        stopped.await();
        return 0;
    }

    /** Starts the cluster and tells how to reach it; empty (with the reason on {@code err}) when it cannot start. */
    Optional<LiveCluster> start(PrintStream out, PrintStream err) throws IOException, PemException {
        Path file = scenario == null ? SEED : scenario;
        Scenario s;
        try {
            s = ScenarioParser.parse(file);
        } catch (ScenarioFileException e) {
            err.println("bootsim serve: " + e.getMessage());
            return Optional.empty();
        }
        out.println("bootsim serve: " + s.name() + " (Kubernetes " + s.cluster().version() + "), live");
        LiveCluster cluster;
        try {
            cluster = LiveCluster.start(s, file.toAbsolutePath().getParent(), Optional.ofNullable(port),
                    line -> {
                        if (logs) {
                            err.println(line.format());
                        }
                    }, out);
        } catch (StartupException | IllegalStateException e) {
            err.println("bootsim serve: " + e.getMessage());
            return Optional.empty();
        }
        out.println("kube-apiserver: https://127.0.0.1:" + cluster.port());
        out.println("files: control plane under " + cluster.root("control-plane"));
        cluster.adminKubeconfigPath().ifPresentOrElse(
                k -> out.println("kubeconfig: " + k + "\n  try: kubectl --kubeconfig " + k + " get csr,nodes"),
                () -> out.println("the scenario names no cluster.admin kubeconfig: bring your own credentials"));
        out.println("Ctrl-C stops the cluster.");
        out.flush();
        return Optional.of(cluster);
    }
}
