package io.bootsim.kubectl;

import io.bootsim.core.http.ClientNetwork;
import io.bootsim.core.time.Scheduler;
import io.bootsim.core.trace.Tracer;

import java.nio.file.Path;

/**
 * Where the built-in kubectl runs: the scheduler its requests complete on (the simulation's
 * single thread, or an executor in live mode), the shared client network, the trace, the working
 * directory that {@code -f} paths and a relative {@code --kubeconfig} are read from, the kubeconfig
 * used without {@code --kubeconfig} (what {@code $KUBECONFIG} would name).
 */
public record KubectlEnvironment(Scheduler scheduler, ClientNetwork network, Tracer tracer, Path workingDirectory,
                                 Path defaultKubeconfig) {
}
