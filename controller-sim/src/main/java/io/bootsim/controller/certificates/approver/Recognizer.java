package io.bootsim.controller.certificates.approver;

import io.bootsim.controller.certificates.Csr;
import io.bootsim.core.certificates.KubeletCsrShape;
import io.bootsim.core.pki.CertificateRequest;
import io.bootsim.core.version.KubeVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One kind of CSR the approver knows: how to recognize it, the subresource of
 * {@code certificatesigningrequests} the requester must be allowed to {@code create} for it to be
 * approved, and the approval message.
 */
// upstream: pkg/controller/certificates/approver/sarapprove.go recognizers()
public record Recognizer(String subresource, Test test, String successMessage) {

    @FunctionalInterface
    public interface Test {
        boolean recognizes(Csr csr, CertificateRequest request);
    }

    /**
     * The recognizers of the emulated version, in upstream's order: selfnodeclient, nodeclient,
     * and up to 1.10 selfnodeserver when the RotateKubeletServerCertificate gate is on.
     */
    public static List<Recognizer> of(KubeVersion version, boolean rotateKubeletServerCertificate) {
        List<Recognizer> out = new ArrayList<>();
        out.add(new Recognizer("selfnodeclient",
                (csr, req) -> isNodeClient(csr, req, version) && csr.username().equals(req.subject().commonName()),
                "Auto approving self kubelet client certificate after SubjectAccessReview."));
        out.add(new Recognizer("nodeclient", (csr, req) -> isNodeClient(csr, req, version),
                "Auto approving kubelet client certificate after SubjectAccessReview."));
        // removed in 1.11 (kubernetes/kubernetes#62471): serving certificates are approved by hand since
        if (!version.atLeast(1, 11) && rotateKubeletServerCertificate) {
            out.add(new Recognizer("selfnodeserver", (csr, req) -> isSelfNodeServer(csr, req),
                    "Auto approving self kubelet server certificate after SubjectAccessReview."));
        }
        return out;
    }

    static boolean isNodeClient(Csr csr, CertificateRequest req, KubeVersion version) {
        // signerName exists from 1.18; before, any CSR of the right shape was a node client CSR
        if (version.atLeast(1, 18) && !csr.signerName().equals(Csr.KUBE_APISERVER_CLIENT_KUBELET)) {
            return false;
        }
        return KubeletCsrShape.validateClient(req, csr.usages(), version).isEmpty();
    }

    // 1.9-1.10 sarapprove.go isSelfNodeServerCert: exactly the three serving usages, CN is the requester
    private static boolean isSelfNodeServer(Csr csr, CertificateRequest req) {
        Set<String> usages = new TreeSet<>(csr.usages());
        return req.subject().organizations().equals(List.of("system:nodes"))
                && (!req.dnsNames().isEmpty() || !req.ipAddresses().isEmpty())
                && usages.equals(Set.of("key encipherment", "digital signature", "server auth"))
                && req.subject().commonName().equals(csr.username());
    }
}
