package io.bootsim.scenario.run;

import io.bootsim.scenario.world.SimulatedCluster;

import java.util.List;

/**
 * The built-in kubectl as a scenario runs it: with the cluster's admin kubeconfig, its requests on
 * the cluster's scheduler through the shared client network, returning when the command ends.
 */
@FunctionalInterface
public interface KubectlDriver {

    Result run(SimulatedCluster cluster, String kubeconfig, List<String> argv);

    record Result(int exitCode, String stdout, String stderr) {
    }
}
