package io.bootsim.controller.certificates.signer;

import io.bootsim.controller.certificates.Csr;
import io.bootsim.core.certificates.KubeletCsrShape;
import io.bootsim.core.pki.CertificateRequest;
import io.bootsim.core.version.KubeVersion;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What each built-in signer accepts: an empty result means "sign it", a message means "write a
 * Failed condition with reason SignerValidationFailure and this message".
 */
// upstream: pkg/controller/certificates/signer/signer.go (isKubelet*, isKubeAPIServerClient, isLegacyUnknown)
public final class SignerValidation {

    private static final Set<String> CLIENT_USAGES = Set.of("digital signature", "key encipherment", "client auth");

    private SignerValidation() {
    }

    public static Optional<String> validate(String signerName, CertificateRequest req, List<String> usages, KubeVersion version) {
        return switch (signerName) {
            case Csr.KUBELET_SERVING -> KubeletCsrShape.validateServing(req, usages, version);
            case Csr.KUBE_APISERVER_CLIENT_KUBELET -> KubeletCsrShape.validateClient(req, usages, version);
            case Csr.KUBE_APISERVER_CLIENT -> kubeApiServerClient(usages);
            case Csr.LEGACY_UNKNOWN -> Optional.empty();
            default -> throw new IllegalArgumentException("unknown signer name: " + signerName);
        };
    }

    private static Optional<String> kubeApiServerClient(List<String> usages) {
        if (!usages.contains("client auth")) {
            return Optional.of("missing required usage for client certificate: client auth");
        }
        for (String usage : new TreeSet<>(usages)) {
            if (!CLIENT_USAGES.contains(usage)) {
                return Optional.of("invalid usage for client certificate: " + usage);
            }
        }
        return Optional.empty();
    }
}
