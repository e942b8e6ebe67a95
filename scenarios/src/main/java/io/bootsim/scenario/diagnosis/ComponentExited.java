package io.bootsim.scenario.diagnosis;

import io.bootsim.core.trace.TraceEvent;

import java.util.Optional;

/** A component that refused to start: its own error message names the flag or file (E2, E3, flag errors). */
final class ComponentExited implements DiagnosisRule {

    @Override
    public Optional<Diagnosis> diagnose(TraceFacts facts) {
        Optional<TraceEvent> exit = facts.first("component.exit", e -> !"0".equals(String.valueOf(e.field("code"))));
        return exit.map(e -> new Diagnosis(Stage.STARTUP, String.valueOf(e.field("component")), TraceFacts.describe(e),
                e.field("component") + " exited with code " + e.field("code") + ": " + e.field("error"),
                "correct the flag or file the message names, then restart " + e.field("component") + "."));
    }
}
