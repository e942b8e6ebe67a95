package io.bootsim.scenario.diagnosis;

import io.bootsim.core.trace.TraceEvent;

import java.util.Optional;

/**
 * The kubelet does not trust the apiserver's serving certificate, so no request gets as far as
 * authentication: the wrong CA in its kubeconfig (F3), a certificate without the address it dials
 * (G4), a clock behind the certificate's NotBefore (G5), or an expired certificate (H4).
 */
final class ServerNotTrusted implements DiagnosisRule {

    @Override
    public Optional<Diagnosis> diagnose(TraceFacts facts) {
        for (String kubelet : facts.kubelets()) {
            Optional<TraceEvent> failed = facts.first("http.request", e -> e.component().equals(kubelet)
                    && String.valueOf(e.field("error")).contains("x509: "));
            if (failed.isEmpty()) {
                continue;
            }
            TraceEvent e = failed.get();
            String error = String.valueOf(e.field("error"));
            String kubeconfig = facts.flag(kubelet, facts.hasClientCertificate(kubelet) || facts.registered(kubelet)
                    ? "--kubeconfig" : "--bootstrap-kubeconfig").orElse("its kubeconfig");
            String decisive = TraceFacts.describe(e);
            if (error.contains("signed by unknown authority")) {
                return Optional.of(new Diagnosis(Stage.AUTHENTICATION, kubelet, decisive,
                        kubelet + " does not trust kube-apiserver's serving certificate (" + error + "): the "
                                + "certificate-authority(-data) in " + kubeconfig + " is not the CA that signed it.",
                        "kubectl config set-cluster NAME --certificate-authority=ca.pem --embed-certs=true --server=https://... "
                                + "--kubeconfig=" + kubeconfig + " with the CA that signed kube-apiserver's --tls-cert-file"));
            }
            if (error.contains("is valid for") || error.contains("doesn't contain any IP SANs")) {
                return Optional.of(new Diagnosis(Stage.AUTHENTICATION, kubelet, decisive,
                        kubelet + " dials kube-apiserver at an address its serving certificate does not name (" + error + ").",
                        "regenerate kube-apiserver's --tls-cert-file with every name and IP clients use (node-facing IPs, "
                                + "load balancer name, kubernetes.default.svc, the first service IP), or make " + kubeconfig
                                + " use a name the certificate has"));
            }
            if (error.contains("is before")) {
                return Optional.of(new Diagnosis(Stage.AUTHENTICATION, kubelet, decisive,
                        kubelet + "'s clock is behind: kube-apiserver's certificate is not yet valid on the node (" + error + ").",
                        "synchronise the node's clock (NTP, timezone) before it joins; certificates are checked against local time"));
            }
            if (error.contains("is after")) {
                return Optional.of(new Diagnosis(Stage.ROTATION, kubelet, decisive,
                        "kube-apiserver's serving certificate has expired (" + error + "): every client fails in the "
                                + "TLS handshake, so heartbeats stop and nodes go NotReady although nothing on them changed.",
                        "regenerate the control plane's certificates (--tls-cert-file/--tls-private-key-file of "
                                + "kube-apiserver; kubeadm certs renew all) and restart kube-apiserver"));
            }
        }
        return Optional.empty();
    }
}
