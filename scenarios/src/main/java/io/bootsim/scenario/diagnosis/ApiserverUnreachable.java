package io.bootsim.scenario.diagnosis;

import io.bootsim.core.trace.TraceEvent;

import java.util.Optional;

/**
 * kube-apiserver was stopped while a kubelet's client certificate ran out: the kubelet can neither
 * renew nor re-bootstrap, and does not exit because the server does not answer (H2).
 */
final class ApiserverUnreachable implements DiagnosisRule {

    @Override
    public Optional<Diagnosis> diagnose(TraceFacts facts) {
        Optional<TraceEvent> stopped = facts.last("component.stop", e -> "kube-apiserver".equals(e.field("component")));
        if (stopped.isEmpty() || facts.any("component.start", e -> "kube-apiserver".equals(e.field("component"))
                && e.time().isAfter(stopped.get().time()))) {
            return Optional.empty();
        }
        for (String kubelet : facts.kubelets()) {
            Optional<TraceEvent> refused = facts.first("http.request", e -> e.component().equals(kubelet)
                    && !e.time().isBefore(stopped.get().time())
                    && String.valueOf(e.field("error")).contains("connection refused"));
            if (refused.isPresent()) {
                return Optional.of(new Diagnosis(Stage.ROTATION, kubelet, TraceFacts.describe(refused.get()),
                        "kube-apiserver is not running (stopped at " + stopped.get().time() + "): " + kubelet + " cannot "
                                + "renew its client certificate, and once it expires it waits (\"No valid client "
                                + "certificate is found but the server is not responsive\") instead of exiting.",
                        "start kube-apiserver (and kube-controller-manager), approve pending CSRs (kubectl get csr), "
                                + "then restart the kubelet so it bootstraps again"));
            }
        }
        return Optional.empty();
    }
}
