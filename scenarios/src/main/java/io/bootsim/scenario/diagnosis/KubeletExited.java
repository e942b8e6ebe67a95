package io.bootsim.scenario.diagnosis;

import io.bootsim.core.trace.TraceEvent;

import java.util.Optional;

/**
 * A kubelet that exited for a reason no earlier rule explains (F1 and its kin): its message is the
 * cause. Asked last, so that an exit caused by a 401 or a 403 is explained by those rules.
 */
final class KubeletExited implements DiagnosisRule {

    @Override
    public Optional<Diagnosis> diagnose(TraceFacts facts) {
        Optional<TraceEvent> exit = facts.first("kubelet.phase", e -> "EXITED".equals(e.field("to"))
                && !"stopped".equals(e.field("reason")));
        return exit.map(e -> new Diagnosis(Stage.STARTUP, e.component(), TraceFacts.describe(e),
                e.component() + " exited: " + e.field("reason"),
                "give the kubelet the file or flag the message names (for a bootstrap: --bootstrap-kubeconfig pointing "
                        + "at an existing kubeconfig with the bootstrap token), then restart it."));
    }
}
