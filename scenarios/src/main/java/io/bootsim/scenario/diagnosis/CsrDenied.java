package io.bootsim.scenario.diagnosis;

import java.util.Optional;

/** Someone denied the kubelet's CSR: Denied is final, approving afterwards changes nothing (D3). */
final class CsrDenied implements DiagnosisRule {

    @Override
    public Optional<Diagnosis> diagnose(TraceFacts facts) {
        for (String csr : facts.csrsCreated()) {
            if (!facts.kubectlNamed("certificate deny", csr)) {
                continue;
            }
            String kubelet = facts.csrRequester(csr).orElse("the kubelet");
            if (facts.hasClientCertificate(kubelet)) {
                continue;
            }
            boolean reapproved = facts.kubectlNamed("certificate approve", csr);
            return Optional.of(new Diagnosis(Stage.APPROVAL, "kubectl", "kubectl certificate deny " + csr,
                    "CSR " + csr + " of " + kubelet + " is Denied (kubectl certificate deny). A CSR's Denied condition "
                            + "is final" + (reapproved ? ": the later kubectl certificate approve changed nothing" : "")
                            + ", no certificate will be issued for it, and the kubelet must send a new CSR.",
                    "kubectl delete csr " + csr + ", restart the kubelet (it sends a new CSR) and approve that one, "
                            + "or let csrapproving do it with the nodeclient binding."));
        }
        return Optional.empty();
    }
}
