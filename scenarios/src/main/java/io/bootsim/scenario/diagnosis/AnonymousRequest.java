package io.bootsim.scenario.diagnosis;

import io.bootsim.core.trace.TraceEvent;

import java.util.Optional;

/**
 * The kubelet sent no credential at all, so kube-apiserver (anonymous auth on, the default) took it
 * for system:anonymous and refused it with 403, not 401 (A3): the token is missing, not wrong.
 */
final class AnonymousRequest implements DiagnosisRule {

    @Override
    public Optional<Diagnosis> diagnose(TraceFacts facts) {
        Optional<TraceEvent> denied = facts.first("authorization", e -> "system:anonymous".equals(e.field("user"))
                && Boolean.FALSE.equals(e.field("allowed"))
                && String.valueOf(e.field("request")).contains("/certificatesigningrequests"));
        if (denied.isEmpty()) {
            return Optional.empty();
        }
        String kubelet = facts.kubelets().isEmpty() ? "kubelet" : facts.kubelets().get(0);
        String kubeconfig = facts.flag(kubelet, "--bootstrap-kubeconfig").orElse("the bootstrap kubeconfig");
        return Optional.of(new Diagnosis(Stage.AUTHENTICATION, "kube-apiserver", TraceFacts.describe(denied.get()),
                kubelet + " presented no credential: the user of " + kubeconfig + "'s current context has no token and "
                        + "no client certificate, so kube-apiserver treated the request as system:anonymous (group "
                        + "system:unauthenticated), which may not create certificatesigningrequests (403). A wrong "
                        + "token would have been 401 Unauthorized.",
                "kubectl config set-credentials kubelet-bootstrap --token=TOKEN --kubeconfig=" + kubeconfig
                        + " (and check current-context); --anonymous-auth=false on kube-apiserver turns this into a "
                        + "clear 401."));
    }
}
