package io.bootsim.apiserver.registry.certificates;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.authentication.UserInfo;
import io.bootsim.core.pki.CertificateRequest;

/**
 * Admission plugin CertificateSubjectRestriction (1.18+, on by default): nobody may create a
 * kubernetes.io/kube-apiserver-client CSR asking for group system:masters. Other signers,
 * legacy-unknown included, are not restricted.
 */
// upstream: plugin/pkg/admission/certificates/subjectrestriction/admission.go
public final class CertificateSubjectRestriction {

    public static final String NAME = "CertificateSubjectRestriction";

    private CertificateSubjectRestriction() {
    }

    public static AdmissionDecision validateCreate(ObjectNode csr) {
        String signerName = CsrJson.signerName(csr);
        if (!signerName.equals(Certificates.KUBE_APISERVER_CLIENT_SIGNER)) {
            return new AdmissionDecision.Admit(NAME);
        }
        CertificateRequest request;
        try {
            request = CsrPem.parse(CsrJson.request(csr));
        } catch (CsrPem.ParseException e) {
            return AdmissionDecision.forbid(NAME, CsrJson.name(csr), "failed to parse CSR: " + e.getMessage());
        }
        if (request.subject().organizations().contains(UserInfo.MASTERS_GROUP)) {
            return AdmissionDecision.forbid(NAME, CsrJson.name(csr),
                    "use of " + signerName + " signer with " + UserInfo.MASTERS_GROUP + " group is not allowed");
        }
        return new AdmissionDecision.Admit(NAME);
    }
}
