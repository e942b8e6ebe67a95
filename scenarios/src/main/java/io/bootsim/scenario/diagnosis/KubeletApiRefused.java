package io.bootsim.scenario.diagnosis;

import io.bootsim.core.trace.TraceEvent;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * kubectl logs/exec/proxy through kube-apiserver to a kubelet failed: the apiserver does not trust
 * the kubelet's serving certificate (G1), the certificate lacks the IP it dials (G2), or the kubelet
 * refuses the apiserver's identity: none (I1) or one without kubelet API rights (I2).
 */
final class KubeletApiRefused implements DiagnosisRule {

    // the kubelet's 403 text: "subresource=proxy" before 1.32, "subresource(s)=[healthz proxy]" since
    private static final Pattern FORBIDDEN = Pattern.compile(
            "Forbidden \\(user=([^,]+), verb=([^,]*), resource=nodes, subresource(?:=([^)]+)|\\(s\\)=\\[([^\\]]*)\\])\\)");

    @Override
    public Optional<Diagnosis> diagnose(TraceFacts facts) {
        // the latest call decides: one that succeeds after a fix leaves nothing to diagnose
        Optional<TraceEvent> latest = facts.last("kubectl", e -> String.valueOf(e.field("command")).contains("/proxy"));
        if (latest.isEmpty() || "0".equals(String.valueOf(latest.get().field("exitCode")))) {
            return Optional.empty();
        }
        TraceEvent e = latest.get();
        String stderr = String.valueOf(e.field("stderr")).trim();
        String decisive = TraceFacts.describe(e);
        Matcher forbidden = FORBIDDEN.matcher(stderr);
        if (forbidden.find()) {
            String user = forbidden.group(1);
            if (user.equals("system:anonymous")) {
                return Optional.of(new Diagnosis(Stage.SERVING, "kubelet", decisive,
                        "the kubelet refused kube-apiserver's call (" + forbidden.group() + "): kube-apiserver runs "
                                + "without --kubelet-client-certificate/--kubelet-client-key, so it calls kubelets with no "
                                + "client certificate and the kubelet's webhook authorization refuses system:anonymous.",
                        "give kube-apiserver --kubelet-client-certificate and --kubelet-client-key, a client certificate "
                                + "signed by the kubelets' --client-ca-file, and bind its user to system:kubelet-api-admin"));
            }
            return Optional.of(new Diagnosis(Stage.SERVING, "kubelet", decisive,
                    "the kubelet refused kube-apiserver's call (" + forbidden.group() + "): the apiserver's kubelet client "
                            + "identity \"" + user + "\" is not bound to a role that allows nodes/proxy.",
                    "kubectl create clusterrolebinding apiserver-kubelet-api-admin --clusterrole=system:kubelet-api-admin --user=" + user));
        }
        boolean selfSigned = facts.any("kubelet.file.written", w -> Boolean.TRUE.equals(w.field("selfSigned")));
        if (stderr.contains("signed by unknown authority")
                || (selfSigned && stderr.contains("x509:") && facts.flag("kube-apiserver", "--kubelet-certificate-authority").isPresent())) {
            return Optional.of(new Diagnosis(Stage.SERVING, "kube-apiserver", decisive,
                    "kube-apiserver rejects the kubelet's serving certificate (" + stderr + "): it verifies kubelets "
                            + "with --kubelet-certificate-authority=" + facts.flag("kube-apiserver", "--kubelet-certificate-authority").orElse("?")
                            + ", but the kubelet serves with a certificate that CA did not sign (its self-signed kubelet.crt "
                            + "when it has neither --tls-cert-file nor a serving CSR).",
                    "--rotate-server-certificates=true (serverTLSBootstrap) on the kubelet and approve its serving CSR, or "
                            + "--tls-cert-file/--tls-private-key-file issued by that CA"));
        }
        if (stderr.contains("doesn't contain any IP SANs") || stderr.contains("is valid for")) {
            return Optional.of(new Diagnosis(Stage.SERVING, "kube-apiserver", decisive,
                    "the kubelet's serving certificate does not name the address kube-apiserver dials (" + stderr
                            + "): it dials the first of --kubelet-preferred-address-types the Node has, here an IP, and "
                            + "the certificate has no IP SAN.",
                    "a serving certificate with the node's IPs (set --node-ip; a serving CSR then carries it), or "
                            + "--kubelet-preferred-address-types with Hostname first where node names resolve"));
        }
        return Optional.empty();
    }
}
