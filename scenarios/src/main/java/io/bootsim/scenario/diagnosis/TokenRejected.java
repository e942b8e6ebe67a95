package io.bootsim.scenario.diagnosis;

import io.bootsim.core.trace.TraceEvent;

import java.util.Optional;

/** A kubelet's bearer token the apiserver does not know: every request is 401 Unauthorized (A1, A2, A4). */
final class TokenRejected implements DiagnosisRule {

    @Override
    public Optional<Diagnosis> diagnose(TraceFacts facts) {
        for (String kubelet : facts.kubelets()) {
            if (facts.hasClientCertificate(kubelet)) {
                continue;
            }
            Optional<TraceEvent> refused = facts.first("http.request", e -> e.component().equals(kubelet)
                    && "401".equals(String.valueOf(e.field("code"))) && e.field("token") != null);
            if (refused.isPresent()) {
                TraceEvent e = refused.get();
                return Optional.of(new Diagnosis(Stage.AUTHENTICATION, kubelet, TraceFacts.describe(e),
                        "the bootstrap token " + e.field("token") + " in " + kubelet + "'s --bootstrap-kubeconfig is not "
                                + "accepted by kube-apiserver (401 Unauthorized): it is not a line of --token-auth-file "
                                + "(or its token column is empty), nor a valid bootstrap-token Secret.",
                        "put the same token in the bootstrap kubeconfig (kubectl config set-credentials kubelet-bootstrap "
                                + "--token=TOKEN) and as the first column of the --token-auth-file line "
                                + "(TOKEN,kubelet-bootstrap,10001,\"system:node-bootstrapper\"), then restart kube-apiserver."));
            }
        }
        return Optional.empty();
    }
}
