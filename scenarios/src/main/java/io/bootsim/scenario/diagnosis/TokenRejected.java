package io.bootsim.scenario.diagnosis;

import io.bootsim.core.trace.TraceEvent;

import java.util.Optional;

/**
 * A kubelet's bearer token the apiserver does not know: every request is 401 Unauthorized. A line
 * missing from (or with an empty token in) --token-auth-file (A1, A2), or a bootstrap token whose
 * Secret expired or was cleaned up (A4), or that no authenticator reads (A5).
 */
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
                return Optional.of(diagnosis(facts, kubelet, refused.get()));
            }
        }
        return Optional.empty();
    }

    private static Diagnosis diagnosis(TraceFacts facts, String kubelet, TraceEvent e) {
        String token = String.valueOf(e.field("token"));
        // the trace shows a token's first six characters: a bootstrap token's id
        String id = token.replace("...", "");
        String secret = "bootstrap-token-" + id;
        boolean bootstrapToken = facts.any("storage", s -> secret.equals(s.field("name"))
                && String.valueOf(s.field("resource")).equals("secrets"));
        if (bootstrapToken && !"true".equals(facts.flag("kube-apiserver", "--enable-bootstrap-token-auth").orElse("false"))) {
            return new Diagnosis(Stage.AUTHENTICATION, kubelet, TraceFacts.describe(e),
                    "the bootstrap token " + id + ".… is 401 Unauthorized: the Secret kube-system/" + secret
                            + " exists, but kube-apiserver runs without --enable-bootstrap-token-auth=true, so no "
                            + "authenticator reads bootstrap-token Secrets.",
                    "add --enable-bootstrap-token-auth=true to kube-apiserver and restart it (and "
                            + "--controllers=*,bootstrapsigner,tokencleaner to kube-controller-manager).");
        }
        if (bootstrapToken) {
            boolean cleaned = facts.any("storage", s -> secret.equals(s.field("name")) && "deleted".equals(s.field("action")));
            return new Diagnosis(Stage.AUTHENTICATION, kubelet, TraceFacts.describe(e),
                    "the bootstrap token " + id + ".… is 401 Unauthorized: its Secret kube-system/" + secret
                            + (cleaned ? " expired and tokencleaner deleted it" : " is expired or no longer valid")
                            + ", so the token is unknown (kubeadm join: \"token id " + id
                            + " is invalid for this cluster or it has expired\").",
                    "kubeadm token create --print-join-command (or a new bootstrap-token Secret with a future "
                            + "expiration), and put the new token in the kubelet's bootstrap kubeconfig.");
        }
        return new Diagnosis(Stage.AUTHENTICATION, kubelet, TraceFacts.describe(e),
                "the bootstrap token " + token + " in " + kubelet + "'s --bootstrap-kubeconfig is not "
                        + "accepted by kube-apiserver (401 Unauthorized): it is not a line of --token-auth-file "
                        + "(or its token column is empty), nor a valid bootstrap-token Secret.",
                "put the same token in the bootstrap kubeconfig (kubectl config set-credentials kubelet-bootstrap "
                        + "--token=TOKEN) and as the first column of the --token-auth-file line "
                        + "(TOKEN,kubelet-bootstrap,10001,\"system:bootstrappers\"), then restart kube-apiserver: "
                        + "it reads the file only at start.");
    }
}
