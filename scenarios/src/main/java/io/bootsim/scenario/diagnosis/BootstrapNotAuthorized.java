package io.bootsim.scenario.diagnosis;

import io.bootsim.core.trace.TraceEvent;

import java.util.Optional;

/** The bootstrap identity may not create CSRs: no binding to system:node-bootstrapper (C1, C2, A6). */
final class BootstrapNotAuthorized implements DiagnosisRule {

    @Override
    public Optional<Diagnosis> diagnose(TraceFacts facts) {
        Optional<TraceEvent> denied = facts.first("authorization", e -> "create".equals(e.field("verb"))
                && Boolean.FALSE.equals(e.field("allowed"))
                && String.valueOf(e.field("request")).contains("/certificatesigningrequests"));
        if (denied.isEmpty() || facts.kubelets().stream().allMatch(facts::hasClientCertificate)) {
            return Optional.empty();
        }
        TraceEvent e = denied.get();
        String user = String.valueOf(e.field("user"));
        return Optional.of(new Diagnosis(Stage.CSR_CREATION, "kube-apiserver", TraceFacts.describe(e),
                "user \"" + user + "\" may not create certificatesigningrequests (403 Forbidden; " + e.field("chain")
                        + "): no ClusterRoleBinding gives it, or a group it is in, the ClusterRole system:node-bootstrapper.",
                "kubectl create clusterrolebinding kubelet-bootstrap --clusterrole=system:node-bootstrapper --user="
                        + user + " (or --group= the group in the token file's fourth column)"));
    }
}
