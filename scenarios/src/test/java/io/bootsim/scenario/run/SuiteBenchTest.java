package io.bootsim.scenario.run;

import io.bootsim.core.trace.TraceEvent;
import io.bootsim.scenario.Scenario;
import io.bootsim.scenario.ScenarioParser;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SuiteBenchTest {

    private static final Instant T = Instant.parse("2018-01-01T00:20:10Z");

    private static ScenarioResult run(Scenario scenario, String error) {
        List<TraceEvent> events = List.of(TraceEvent.of(T, "kubelet/node-0", "component.start"),
                TraceEvent.of(T, "kubelet/node-0", "http.request", "code", 0, "error", error));
        return new ScenarioResult(scenario, List.of(), events, error, List.of(), List.of(), Optional.empty(), 0,
                Duration.ZERO);
    }

    @Test
    void aChangedTraceIsReportedAtItsFirstDifferingEvent() throws Exception {
        Scenario seed = ScenarioParser.parse(Path.of("suite/seed-flow-1.33.yaml"));
        String report = SuiteBench.mismatch(run(seed, "dial tcp 127.0.0.1:6443: connect: connection refused"),
                run(seed, "net/http: TLS handshake timeout"));
        assertEquals("""
                bench: seed-flow-1.33: the traces differ at event 2 (2 events, then 2)
                  first run: {"time":"2018-01-01T00:20:10Z","component":"kubelet/node-0","type":"http.request","code":0,\
                "error":"dial tcp 127.0.0.1:6443: connect: connection refused"}
                  this run:  {"time":"2018-01-01T00:20:10Z","component":"kubelet/node-0","type":"http.request","code":0,\
                "error":"net/http: TLS handshake timeout"}""", report);
    }

    @Test
    void theSeedsHandshakeFloorIsPrintedUnderItsTime() {
        assertEquals("  " + " ".repeat(40) + "    25.1 ms: its 11 full TLS handshakes alone, one at a time (2.28 ms each)",
                SuiteBench.handshakes(11, 2.28));
    }

    @Test
    void theSeedMakesOneFullHandshakePerKubectlCommandControllerManagerAndKubeletCredential() throws Exception {
        ScenarioResult seed = new ScenarioRunner().run(ScenarioParser.parse(Path.of("suite/seed-flow-1.33.yaml")));
        assertTrue(seed.passed(), seed.failures().toString());
        // eight kubectl commands, each a process of its own; kube-controller-manager's connection; the
        // kubelet's with its bootstrap token and the one with its own client certificate
        assertEquals(11, seed.handshakes());
    }
}
