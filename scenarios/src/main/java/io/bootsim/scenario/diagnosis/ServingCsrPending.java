package io.bootsim.scenario.diagnosis;

import io.bootsim.core.trace.TraceEvent;

import java.util.Optional;

/**
 * A kubelet's serving CSR waits for a person: csrapproving never approves kubelet-serving
 * requests (D1), and an approval that came before the CSR, or for other nodes, does not count (D2,
 * D5). The node is registered, but logs, exec and metrics fail until it is approved.
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
                    || facts.kubectlNamed("certificate approve", csr);
            String kubelet = facts.csrRequester(csr).orElse("");
            if (ignored.isPresent() && !approved && facts.registered(kubelet)) {
                String node = kubelet.substring(kubelet.indexOf('/') + 1);
                return Optional.of(new Diagnosis(Stage.SERVING, "kube-controller-manager", TraceFacts.describe(ignored.get()),
                        "the serving CSR " + csr + " of " + node + " stays Pending: kube-controller-manager never "
                                + "auto-approves kubelet serving certificates (serverTLSBootstrap / "
                                + "--rotate-server-certificates), and nobody approved this one, so " + node
                                + " serves no certificate and kubectl logs/exec through it fail with "
                                + "\"remote error: tls: internal error\".",
                        "kubectl certificate approve " + csr + " (check its SANs first), or run an approver for "
                                + "kubernetes.io/kubelet-serving CSRs that also handles nodes added later"));
            }
        }
        return Optional.empty();
    }
}
