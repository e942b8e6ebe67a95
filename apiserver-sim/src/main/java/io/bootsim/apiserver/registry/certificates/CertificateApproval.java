package io.bootsim.apiserver.registry.certificates;

import io.bootsim.core.api.GoFormat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.authentication.UserInfo;
import io.bootsim.apiserver.authorization.Authorizer;
import io.bootsim.apiserver.validation.GoValue;

/**
 * Admission plugin CertificateApproval (1.18+, on by default): an update through /approval needs
 * verb {@code approve} on the stored object's signer, so changing the signerName in the same
 * request cannot widen what one may approve.
 */
// upstream: plugin/pkg/admission/certificates/approval/admission.go
public final class CertificateApproval {

    public static final String NAME = "CertificateApproval";

    private final Authorizer authorizer;

    public CertificateApproval(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    public AdmissionDecision validateUpdate(Subresource subresource, ObjectNode oldCsr, UserInfo user) {
        if (subresource != Subresource.APPROVAL) {
            return new AdmissionDecision.Admit(NAME);
        }
        String signerName = CsrJson.signerName(oldCsr);
        if (SignerAuthorization.isAuthorized(authorizer, user, "approve", signerName)) {
            return new AdmissionDecision.Admit(NAME);
        }
        return AdmissionDecision.forbid(NAME, CsrJson.name(oldCsr),
                "user not permitted to approve requests with signerName " + GoFormat.quote(signerName));
    }
}
