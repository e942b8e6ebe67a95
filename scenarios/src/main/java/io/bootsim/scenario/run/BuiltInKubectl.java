package io.bootsim.scenario.run;

import io.bootsim.kubectl.Kubectl;
import io.bootsim.kubectl.KubectlEnvironment;
import io.bootsim.kubectl.KubectlResult;
import io.bootsim.scenario.world.SimulatedCluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The built-in kubectl on the cluster's scheduler: started as a task, then the cluster runs until
 * it reports. Relative {@code -f} paths are read next to the scenario file.
 */
public final class BuiltInKubectl implements KubectlDriver {

    /** kubectl itself sets no request timeout; a command still running after this is reported as hung. */
    private static final Duration LIMIT = Duration.ofHours(1);

    private final Path workingDirectory;

    public BuiltInKubectl(Path workingDirectory) {
        this.workingDirectory = workingDirectory;
    }

    @Override
    public Result run(SimulatedCluster cluster, String kubeconfig, List<String> argv) {
        Kubectl kubectl = new Kubectl(new KubectlEnvironment(cluster.scheduler(), cluster.network(),
                cluster.tracer("kubectl"), workingDirectory, Path.of(kubeconfig)));
        AtomicReference<KubectlResult> result = new AtomicReference<>();
        cluster.scheduler().execute(() -> kubectl.run(argv, result::set));
        if (!cluster.runUntil(() -> result.get() != null, LIMIT)) {
            return new Result(124, "", "bootsim: kubectl " + String.join(" ", argv) + " did not finish within " + LIMIT
                    + " of virtual time\n");
        }
        KubectlResult r = result.get();
        return new Result(r.exitCode(), r.stdout(), r.stderr());
    }
}
