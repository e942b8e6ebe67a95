package io.bootsim.scenario.world;

import io.bootsim.scenario.Scenario;
import io.bootsim.scenario.ScenarioParser;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A closed cluster leaves nothing behind in the JVM: every component's clients close, and a closed
 * client releases its TLS context. BoringSSL's native context holds its verify callback, and through it
 * the client network and the whole simulated world; `bootsim run --bench` had kept every run (0.8 MB
 * each) until the collector cost more than the scenarios.
 */
class ClusterLifetimeTest {

    @Test
    void aClosedClusterCanBeCollected() throws Exception {
        Scenario seed = ScenarioParser.parse(Path.of("suite", "seed-flow-1.33.yaml"));
        WeakReference<SimulatedCluster> closed = runAndClose(seed);
        for (int i = 0; i < 100 && closed.get() != null; i++) {
            System.gc();
            System.runFinalization();
            Thread.sleep(20);
        }
        assertNull(closed.get(), "the closed cluster is still reachable");
    }

    private static WeakReference<SimulatedCluster> runAndClose(Scenario scenario) throws Exception {
        SimulatedCluster cluster = SimulatedCluster.create(scenario, Path.of("suite").toAbsolutePath(),
                SimulatedCluster.defaultStack());
        try (cluster) {
            cluster.startInitial(); // kube-controller-manager connects and watches
            assertTrue(cluster.running("kube-controller-manager"));
        }
        return new WeakReference<>(cluster);
    }
}
