package io.bootsim.apiserver.registry.certificates;

import io.bootsim.core.api.GoFormat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.authentication.UserInfo;
import io.bootsim.apiserver.authorization.Authorizer;
import io.bootsim.apiserver.validation.GoValue;

import java.util.Arrays;

/**
 * Admission plugin CertificateSigning (1.18+, on by default): an update through /status that
 * changes status.certificate needs verb {@code sign} on the stored object's signer. Adding a Failed
 * condition alone needs no {@code sign} in 1.18-1.33.
 */
// upstream: plugin/pkg/admission/certificates/signing/admission.go
public final class CertificateSigning {

    public static final String NAME = "CertificateSigning";

    private final Authorizer authorizer;

    public CertificateSigning(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    public AdmissionDecision validateUpdate(Subresource subresource, ObjectNode newCsr, ObjectNode oldCsr,
                                            UserInfo user) {
        if (subresource != Subresource.STATUS
                || Arrays.equals(CsrJson.certificate(newCsr), CsrJson.certificate(oldCsr))) {
            return new AdmissionDecision.Admit(NAME);
        }
        String signerName = CsrJson.signerName(oldCsr);
        if (SignerAuthorization.isAuthorized(authorizer, user, "sign", signerName)) {
            return new AdmissionDecision.Admit(NAME);
        }
        return AdmissionDecision.forbid(NAME, CsrJson.name(oldCsr),
                "user not permitted to sign requests with signerName " + GoFormat.quote(signerName));
    }
}
