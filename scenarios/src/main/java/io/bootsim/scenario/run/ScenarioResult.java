package io.bootsim.scenario.run;

import io.bootsim.core.log.LogLine;
import io.bootsim.core.trace.JsonLines;
import io.bootsim.core.trace.TraceEvent;
import io.bootsim.scenario.Scenario;
import io.bootsim.scenario.diagnosis.Diagnosis;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What one run of a scenario gave: failures (none means it passed), the trace and its digest,
 * the logs, the kubectl transcript, the diagnosis, the full TLS handshakes its clients made and the
 * real time it took.
 */
public record ScenarioResult(Scenario scenario, List<Failure> failures, List<TraceEvent> events, String digest,
                             List<LogLine> logs, List<KubectlRun> kubectl, Optional<Diagnosis> diagnosis,
                             long handshakes, Duration wallTime) {

    public boolean passed() {
        return failures.isEmpty();
    }

    /** Where {@code again}'s trace parts from this one's: the first event that differs, from both runs. */
    public String traceDifference(ScenarioResult again) {
        List<String> was = events.stream().map(JsonLines::format).toList();
        List<String> now = again.events.stream().map(JsonLines::format).toList();
        int i = 0;
        while (i < was.size() && i < now.size() && was.get(i).equals(now.get(i))) {
            i++;
        }
        return "the traces differ at event " + (i + 1) + " (" + was.size() + " events, then " + now.size() + ")"
                + "\n  first run: " + (i < was.size() ? was.get(i) : "(ended)")
                + "\n  this run:  " + (i < now.size() ? now.get(i) : "(ended)");
    }
}
