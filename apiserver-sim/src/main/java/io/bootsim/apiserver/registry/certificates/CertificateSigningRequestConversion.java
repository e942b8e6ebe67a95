package io.bootsim.apiserver.registry.certificates;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.version.KubeVersion;

import java.util.List;

/**
 * Between a served version's JSON and the stored form. v1 and v1beta1 CSRs have the same field
 * names, so conversion is the apiVersion, v1beta1 defaulting, and dropping fields the emulated
 * release does not know yet (an old apiserver's decoder ignores unknown fields): spec.signerName
 * before 1.18, condition status and lastTransitionTime before 1.19, spec.expirationSeconds before
 * 1.22. Stored objects carry the release's preferred version.
 */
public final class CertificateSigningRequestConversion {

    private final KubeVersion version;

    public CertificateSigningRequestConversion(KubeVersion version) {
        this.version = version;
    }

    /** A decoded request body sent to {@code apiVersion} ("v1" or "v1beta1"), as the strategy and storage see it. */
    public ObjectNode fromBody(ObjectNode body, String apiVersion) {
        ObjectNode csr = body.deepCopy();
        dropUnknownFields(csr);
        if (Certificates.V1BETA1.equals(apiVersion)) {
            V1beta1Defaults.apply(csr, version);
        }
        csr.put("apiVersion", Certificates.GROUP + "/" + Certificates.preferredVersion(version));
        csr.put("kind", Certificates.KIND);
        return csr;
    }

    /** A stored object as a client of {@code apiVersion} reads it. */
    public ObjectNode toVersion(ObjectNode stored, String apiVersion) {
        ObjectNode csr = stored.deepCopy();
        csr.put("apiVersion", Certificates.GROUP + "/" + apiVersion);
        csr.put("kind", Certificates.KIND);
        return csr;
    }

    private void dropUnknownFields(ObjectNode csr) {
        ObjectNode spec = CsrJson.spec(csr);
        if (!version.atLeast(1, 18)) {
            spec.remove("signerName");
        }
        if (!version.atLeast(1, 22)) {
            spec.remove("expirationSeconds");
        }
        if (!version.atLeast(1, 19)) {
            CsrJson.conditions(csr).forEach(c -> c.remove(List.of("status", "lastTransitionTime")));
        }
    }
}
