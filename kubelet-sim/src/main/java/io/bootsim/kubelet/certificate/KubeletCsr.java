package io.bootsim.kubelet.certificate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;
import io.bootsim.core.pki.CertificateRequest;
import io.bootsim.core.pki.Pem;
import io.bootsim.kubelet.KubeletRelease;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The CertificateSigningRequest object the kubelet creates: v1 or v1beta1 by release, signerName
 * from 1.18, usages by purpose and key type, no expirationSeconds, and either {@code generateName:
 * csr-} (certificate manager) or a fixed name (blocking bootstrap).
 */
// upstream: staging/src/k8s.io/client-go/util/certificate/csr/csr.go RequestCertificate,
// pkg/kubelet/certificate/kubelet.go (usages), pkg/kubelet/certificate/bootstrap/bootstrap.go
public final class KubeletCsr {

    public static final String CLIENT_SIGNER = "kubernetes.io/kube-apiserver-client-kubelet";
    public static final String SERVING_SIGNER = "kubernetes.io/kubelet-serving";

    private KubeletCsr() {
    }

    /** Usages for a client (or serving) certificate with a key of this algorithm ("EC" or "RSA"). */
    public static List<String> usages(KubeletRelease release, boolean serving, PublicKey key) {
        List<String> usages = new ArrayList<>();
        usages.add("digital signature");
        if (!key.getAlgorithm().startsWith("EC") || release.keyEnciphermentForEcdsa()) {
            usages.add("key encipherment");
        }
        usages.add(serving ? "server auth" : "client auth");
        return usages;
    }

    /**
     * The object to POST; {@code name} empty means generateName {@code csr-}.
     */
    public static ObjectNode object(KubeletRelease release, String apiVersion, String name, CertificateRequest request,
                                    String signerName, List<String> usages) {
        ObjectNode csr = Json.object();
        csr.put("kind", "CertificateSigningRequest");
        csr.put("apiVersion", "certificates.k8s.io/" + apiVersion);
        ObjectNode metadata = csr.putObject("metadata");
        if (name.isEmpty()) {
            metadata.put("generateName", "csr-");
        } else {
            metadata.put("name", name);
        }
        ObjectNode spec = csr.putObject("spec");
        spec.put("request", Base64.getEncoder().encodeToString(
                Pem.encodeCertificateRequest(request).getBytes(StandardCharsets.UTF_8)));
        if (release.setsSignerName()) {
            spec.put("signerName", signerName);
        }
        ArrayNode u = spec.putArray("usages");
        usages.forEach(u::add);
        return csr;
    }
}
