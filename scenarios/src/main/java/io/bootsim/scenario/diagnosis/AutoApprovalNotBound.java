package io.bootsim.scenario.diagnosis;

import io.bootsim.core.trace.TraceEvent;

import java.util.Optional;

/**
 * The approver recognised a kubelet client CSR, but the SubjectAccessReview for its requestor was
 * not allowed: the nodeclient binding (first certificate, C4) or the selfnodeclient binding
 * (renewal, C5) is missing, so the CSR stays Pending.
 */
final class AutoApprovalNotBound implements DiagnosisRule {

    @Override
    public Optional<Diagnosis> diagnose(TraceFacts facts) {
        // the first refusal is the cause; later ones (re-requests, a re-bootstrap after expiry) follow from it
        Optional<TraceEvent> refused = facts.first("controller.csrapproving", e -> "not allowed".equals(e.field("decision"))
                && !facts.controllerSaid("controller.csrapproving", String.valueOf(e.field("csr")), "approved")
                && !facts.kubectlNamed("certificate", String.valueOf(e.field("csr"))));
        if (refused.isEmpty()) {
            return Optional.empty();
        }
        TraceEvent e = refused.get();
        String csr = String.valueOf(e.field("csr"));
        boolean renewal = String.valueOf(e.field("reason")).contains("selfnodeclient");
        if (renewal) {
            return Optional.of(new Diagnosis(Stage.ROTATION, "kube-controller-manager", TraceFacts.describe(e),
                    "the renewal CSR " + csr + " stays Pending: the node may not create "
                            + "certificatesigningrequests/selfnodeclient, so csrapproving does not approve it "
                            + "(no binding of system:nodes to the selfnodeclient ClusterRole).",
                    "kubectl create clusterrolebinding node-client-auto-renew-crt "
                            + "--clusterrole=system:certificates.k8s.io:certificatesigningrequests:selfnodeclient --group=system:nodes"));
        }
        return Optional.of(new Diagnosis(Stage.APPROVAL, "kube-controller-manager", TraceFacts.describe(e),
                "CSR " + csr + " stays Pending: its requestor may not create certificatesigningrequests/nodeclient, "
                        + "so csrapproving does not auto-approve it (no binding to the nodeclient ClusterRole).",
                "kubectl create clusterrolebinding node-client-auto-approve-csr "
                        + "--clusterrole=system:certificates.k8s.io:certificatesigningrequests:nodeclient "
                        + "--group=system:bootstrappers (the group of the bootstrap identity; or approve by hand: kubectl "
                        + "certificate approve " + csr + ")"));
    }
}
