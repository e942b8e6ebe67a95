package io.bootsim.scenario.run;

import io.bootsim.core.log.LogLine;
import io.bootsim.core.trace.TraceEvent;
import io.bootsim.scenario.Scenario;
import io.bootsim.scenario.diagnosis.Diagnosis;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What one run of a scenario gave: failures (none means it passed), the trace and its digest,
 * the logs, the kubectl transcript, the diagnosis, and the real time it took.
 */
public record ScenarioResult(Scenario scenario, List<Failure> failures, List<TraceEvent> events, String digest,
                             List<LogLine> logs, List<KubectlRun> kubectl, Optional<Diagnosis> diagnosis,
                             Duration wallTime) {

    public boolean passed() {
        return failures.isEmpty();
    }
}
