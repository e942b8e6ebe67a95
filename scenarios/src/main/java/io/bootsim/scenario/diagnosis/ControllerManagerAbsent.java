package io.bootsim.scenario.diagnosis;

import java.util.List;
import java.util.Optional;

/** CSRs are created but no kube-controller-manager runs: nothing approves or signs them (E6). */
final class ControllerManagerAbsent implements DiagnosisRule {

    @Override
    public Optional<Diagnosis> diagnose(TraceFacts facts) {
        List<String> csrs = facts.csrsCreated();
        if (csrs.isEmpty() || facts.started("kube-controller-manager")
                || facts.kubelets().stream().allMatch(facts::hasClientCertificate)) {
            return Optional.empty();
        }
        return Optional.of(new Diagnosis(Stage.APPROVAL, "kube-controller-manager",
                "CSR " + csrs.get(0) + " created; no kube-controller-manager event follows",
                "CSR " + csrs.get(0) + " stays Pending: kube-controller-manager is not running, so neither the csrapproving "
                        + "nor the csrsigning controller sees it.",
                "start kube-controller-manager with --kubeconfig and --cluster-signing-cert-file/--cluster-signing-key-file, "
                        + "or approve by hand: kubectl certificate approve " + csrs.get(0)));
    }
}
