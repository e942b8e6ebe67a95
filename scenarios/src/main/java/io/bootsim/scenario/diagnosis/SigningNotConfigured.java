package io.bootsim.scenario.diagnosis;

import io.bootsim.core.trace.TraceEvent;

import java.util.Optional;

/** A CSR is Approved but never Issued: the csrsigning controller is not running (E1, E2 before 1.19). */
final class SigningNotConfigured implements DiagnosisRule {

    @Override
    public Optional<Diagnosis> diagnose(TraceFacts facts) {
        Optional<TraceEvent> approved = facts.first("controller.csrapproving", e -> "approved".equals(e.field("decision"))
                && !facts.controllerSaid("controller.csrsigning", String.valueOf(e.field("csr")), "signed"));
        if (approved.isEmpty() || facts.any("controller.csrsigning", e -> e.field("csr") != null)) {
            return Optional.empty();
        }
        String csr = String.valueOf(approved.get().field("csr"));
        Optional<TraceEvent> skipped = facts.first("controller.csrsigning", e -> "skipped".equals(e.field("decision")));
        String why = skipped.map(s -> "the csrsigning controller was skipped (\"" + s.field("reason") + "\")")
                .orElse("no csrsigning controller started (before 1.19, without the flags it looks for "
                        + "/etc/kubernetes/ca/ca.pem and /etc/kubernetes/ca/ca.key and is silently not started when both are missing)");
        return Optional.of(new Diagnosis(Stage.SIGNING, "kube-controller-manager",
                TraceFacts.describe(skipped.orElse(approved.get())),
                "CSR " + csr + " is Approved but never Issued: kube-controller-manager runs without "
                        + "--cluster-signing-cert-file/--cluster-signing-key-file, so " + why + ".",
                "add --cluster-signing-cert-file=CA.pem --cluster-signing-key-file=CA-key.pem to kube-controller-manager, "
                        + "pointing at the CA the apiserver's --client-ca-file trusts, and restart it."));
    }
}
