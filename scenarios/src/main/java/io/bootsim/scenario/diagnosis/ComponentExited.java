package io.bootsim.scenario.diagnosis;

import io.bootsim.core.trace.TraceEvent;

import java.util.Optional;

/** A component that exited (or never started): its own error message is the cause. */
final class ComponentExited implements DiagnosisRule {

    @Override
    public Optional<Diagnosis> diagnose(TraceFacts facts) {
        Optional<TraceEvent> exit = facts.first("component.exit", e -> !"0".equals(String.valueOf(e.field("code"))));
        if (exit.isPresent()) {
            TraceEvent e = exit.get();
            return Optional.of(new Diagnosis(Stage.STARTUP, String.valueOf(e.field("component")), TraceFacts.describe(e),
                    e.field("component") + " exited with code " + e.field("code") + ": " + e.field("error"),
                    "correct the flag or file the message names, then restart " + e.field("component") + "."));
        }
        Optional<TraceEvent> kubeletExit = facts.first("kubelet.phase", e -> "EXITED".equals(e.field("to"))
                && !"stopped".equals(e.field("reason")));
        return kubeletExit.map(e -> new Diagnosis(Stage.STARTUP, e.component(), TraceFacts.describe(e),
                e.component() + " exited: " + e.field("reason"),
                "give the kubelet the file or flag the message names (for a bootstrap: --bootstrap-kubeconfig pointing "
                        + "at an existing kubeconfig with the bootstrap token), then restart it."));
    }
}
