package io.bootsim.scenario.run;

import io.bootsim.core.http.TlsProvider;
import io.bootsim.scenario.ScenarioParser;
import io.bootsim.scenario.world.SimulatedCluster;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Scenario runs take BoringSSL where it loads and the JDK's TLS elsewhere: a trace must not tell
 * which, or a suite would pass on one machine and fail on another. The flow, and the scenarios whose
 * outcome is a failed or refused handshake, give the same bytes on both stacks.
 */
class TlsStackTraceTest {

    @ParameterizedTest
    @ValueSource(strings = {"seed-flow-1.33", "apiserver-certificate-lacks-san", "bootstrap-kubeconfig-wrong-ca",
            "kubelet-api-client-not-bound", "kubelet-clock-behind"})
    void aScenarioLeavesTheSameTraceOnTheJdkAndOnBoringSsl(String name) throws Exception {
        assumeTrue(SimulatedCluster.defaultStack() == TlsProvider.OPENSSL, "BoringSSL does not load on this platform");
        var scenario = ScenarioParser.parse(Path.of("suite", name + ".yaml"));
        ScenarioResult jdk = new ScenarioRunner(Optional.empty(), TlsProvider.JDK).run(scenario);
        ScenarioResult boring = new ScenarioRunner(Optional.empty(), TlsProvider.OPENSSL).run(scenario);
        assertTrue(jdk.passed(), jdk.failures().toString());
        assertTrue(boring.passed(), boring.failures().toString());
        assertEquals(jdk.events(), boring.events());
        assertEquals(jdk.digest(), boring.digest());
        assertEquals(jdk.handshakes(), boring.handshakes()); // full ones on both: neither resumes a session
    }
}
