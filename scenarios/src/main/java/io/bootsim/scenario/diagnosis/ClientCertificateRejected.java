package io.bootsim.scenario.diagnosis;

import io.bootsim.core.trace.TraceEvent;

import java.time.Instant;
import java.util.Optional;

/**
 * The kubelet's client certificate is 401 Unauthorized: it comes from a stale --kubeconfig that made
 * the kubelet skip the bootstrap (F2), it expired because rotation is off (H3), or it was signed by a
 * CA that kube-apiserver's --client-ca-file does not contain (E4).
 */
final class ClientCertificateRejected implements DiagnosisRule {

    @Override
    public Optional<Diagnosis> diagnose(TraceFacts facts) {
        for (String kubelet : facts.kubelets()) {
            Optional<TraceEvent> refused = facts.first("http.request", e -> e.component().equals(kubelet)
                    && "401".equals(String.valueOf(e.field("code"))) && e.field("clientCertificate") != null);
            if (refused.isEmpty()) {
                continue;
            }
            TraceEvent e = refused.get();
            boolean skipped = facts.any("kubelet.bootstrap.decision", d -> d.component().equals(kubelet)
                    && "UseKubeconfig".equals(d.field("decision")));
            boolean requested = facts.csrsCreated().stream().anyMatch(c -> facts.csrRequester(c).filter(kubelet::equals).isPresent());
            String kubeconfig = facts.flag(kubelet, "--kubeconfig").orElse("--kubeconfig");
            if (skipped && !requested) {
                return Optional.of(new Diagnosis(Stage.AUTHENTICATION, kubelet, TraceFacts.describe(e),
                        kubelet + " found a valid " + kubeconfig + " and skipped the bootstrap (no CSR was sent), but "
                                + "kube-apiserver does not accept its client certificate (" + e.field("clientCertificate")
                                + "; 401 Unauthorized): the file is left over from another cluster or an earlier install.",
                        "delete " + kubeconfig + " and the kubelet-client-* files in its --cert-dir, then restart the "
                                + "kubelet so that it bootstraps with --bootstrap-kubeconfig"));
            }
            Optional<TraceEvent> cert = facts.last("kubelet.client.certificate", c -> c.component().equals(kubelet)
                    && !c.time().isAfter(e.time()));
            boolean expired = cert.map(c -> !Instant.parse(String.valueOf(c.field("notAfter"))).isAfter(e.time()))
                    .orElse(false);
            if (expired) {
                boolean rotation = "true".equals(facts.flag(kubelet, "--rotate-certificates").orElse("false"));
                return Optional.of(new Diagnosis(Stage.ROTATION, kubelet, TraceFacts.describe(e),
                        kubelet + "'s client certificate expired at " + cert.get().field("notAfter") + " and was never "
                                + "renewed" + (rotation ? "" : " (--rotate-certificates=false: the kubelet does not rotate)")
                                + ": every request is 401 Unauthorized, heartbeats stop and the node goes NotReady.",
                        "--rotate-certificates=true on the kubelet (with the selfnodeclient binding for renewals); to "
                                + "recover now, delete " + kubeconfig + " and restart the kubelet so it bootstraps again"));
            }
            return Optional.of(new Diagnosis(Stage.REGISTRATION, kubelet, TraceFacts.describe(e),
                    kubelet + "'s client certificate was issued (CSR Approved,Issued), but kube-apiserver answers 401 "
                            + "Unauthorized to it: kube-controller-manager signs with the CA in --cluster-signing-cert-file="
                            + facts.flag("kube-controller-manager", "--cluster-signing-cert-file").orElse("?")
                            + ", which kube-apiserver's --client-ca-file="
                            + facts.flag("kube-apiserver", "--client-ca-file").orElse("?") + " does not contain.",
                    "sign with the CA kube-apiserver trusts (--cluster-signing-cert-file/--cluster-signing-key-file "
                            + "= the --client-ca-file CA), or append the signing CA to the --client-ca-file bundle"));
        }
        return Optional.empty();
    }
}
