package io.bootsim.apiserver.registry.certificates;

import io.bootsim.core.certificates.KubeletCsrShape;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.pki.CertificateRequest;
import io.bootsim.core.version.KubeVersion;

import java.util.List;

/**
 * Defaulting of certificates.k8s.io/v1beta1 CSRs: missing usages become [digital signature, key
 * encipherment]; from 1.18 a missing signerName is guessed from the request's shape (kubelet client,
 * kubelet serving, else legacy-unknown, also when the request does not parse), looking at the
 * defaulted usages; from 1.19 a condition without status gets True. v1 defaults none of these.
 */
// upstream: pkg/apis/certificates/v1beta1/defaults.go
public final class V1beta1Defaults {

    private V1beta1Defaults() {
    }

    public static void apply(ObjectNode csr, KubeVersion version) {
        ObjectNode spec = CsrJson.spec(csr);
        if (CsrJson.usages(csr).isEmpty()) {
            ArrayNode usages = spec.putArray("usages");
            usages.add(Certificates.DIGITAL_SIGNATURE).add(Certificates.KEY_ENCIPHERMENT);
        }
        if (version.atLeast(1, 18) && CsrJson.signerName(csr).isEmpty()) {
            spec.put("signerName", defaultSignerName(csr, version));
        }
        if (version.atLeast(1, 19)) {
            for (ObjectNode condition : CsrJson.conditions(csr)) {
                if (CsrJson.conditionStatus(condition).isEmpty()) {
                    condition.put("status", "True");
                }
            }
        }
    }

    private static String defaultSignerName(ObjectNode csr, KubeVersion version) {
        CertificateRequest request;
        try {
            request = CsrPem.parse(CsrJson.request(csr));
        } catch (CsrPem.ParseException e) {
            return Certificates.LEGACY_UNKNOWN_SIGNER;
        }
        List<String> usages = CsrJson.usages(csr);
        if (KubeletCsrShape.isClient(request, usages, version)) {
            return Certificates.KUBE_APISERVER_CLIENT_KUBELET_SIGNER;
        }
        if (KubeletCsrShape.isServing(request, usages, version)) {
            return Certificates.KUBELET_SERVING_SIGNER;
        }
        return Certificates.LEGACY_UNKNOWN_SIGNER;
    }
}
