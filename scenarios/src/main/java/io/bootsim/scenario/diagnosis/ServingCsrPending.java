package io.bootsim.scenario.diagnosis;

import io.bootsim.core.trace.TraceEvent;

import java.util.Optional;

/**
 * The kubelet's serving CSR waits for a person: csrapproving never approves kubelet-serving
 * requests (D1). The node is registered, but logs, exec and metrics fail until it is approved.
 */
final class ServingCsrPending implements DiagnosisRule {

    @Override
    public Optional<Diagnosis> diagnose(TraceFacts facts) {
        for (String csr : facts.csrsCreated()) {
            Optional<TraceEvent> ignored = facts.first("controller.csrapproving", e -> csr.equals(e.field("csr"))
                    && "ignored".equals(e.field("decision"))
                    && String.valueOf(e.field("reason")).contains("not recognized"));
            boolean approved = facts.controllerSaid("controller.csrapproving", csr, "approved")
                    || facts.controllerSaid("controller.csrsigning", csr, "signed")
                    || facts.any("kubectl", e -> String.valueOf(e.field("command")).contains("certificate approve"));
            if (ignored.isPresent() && !approved && facts.kubelets().stream().anyMatch(facts::registered)) {
                return Optional.of(new Diagnosis(Stage.SERVING, "kube-controller-manager", TraceFacts.describe(ignored.get()),
                        "the kubelet serving CSR " + csr + " stays Pending: kube-controller-manager never auto-approves "
                                + "serving certificates (serverTLSBootstrap / --rotate-server-certificates), and nobody "
                                + "approved it, so the kubelet serves no API certificate signed by the cluster CA.",
                        "kubectl certificate approve " + csr + " (check its SANs first), or run an approver for "
                                + "kubernetes.io/kubelet-serving CSRs"));
            }
        }
        return Optional.empty();
    }
}
