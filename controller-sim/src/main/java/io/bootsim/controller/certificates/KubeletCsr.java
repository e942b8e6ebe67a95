package io.bootsim.controller.certificates;

import io.bootsim.core.pki.CertificateRequest;
import io.bootsim.core.version.KubeVersion;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The shape checks the approver and the signer apply to kubelet CSRs, per emulated version: a
 * client certificate for {@code system:node:*} in {@code system:nodes} with no SANs, a serving
 * certificate with a DNS or IP SAN. The controller's own copy, kept small: the apiserver has its
 * own (modules meet only over HTTPS).
 */
// upstream: pkg/apis/certificates/helpers.go (ValidateKubeletClientCSR, ValidateKubeletServingCSR);
// before 1.25 the usages had to be exactly the three of the older message
public final class KubeletCsr {

    private static final Set<String> CLIENT_3 = Set.of("digital signature", "key encipherment", "client auth");
    private static final Set<String> CLIENT_2 = Set.of("digital signature", "client auth");
    private static final Set<String> SERVING_3 = Set.of("digital signature", "key encipherment", "server auth");
    private static final Set<String> SERVING_2 = Set.of("digital signature", "server auth");

    private KubeletCsr() {
    }

    /** Why the request is not a kubelet client CSR, or empty when it is one. */
    public static Optional<String> validateClient(CertificateRequest req, List<String> usages, KubeVersion version) {
        if (!req.subject().organizations().equals(List.of("system:nodes"))) {
            return Optional.of("subject organization is not system:nodes");
        }
        if (!req.dnsNames().isEmpty()) {
            return Optional.of("DNS subjectAltNames are not allowed");
        }
        if (!req.emailAddresses().isEmpty()) {
            return Optional.of("Email subjectAltNames are not allowed");
        }
        if (!req.ipAddresses().isEmpty()) {
            return Optional.of("IP subjectAltNames are not allowed");
        }
        if (!req.uris().isEmpty()) {
            return Optional.of("URI subjectAltNames are not allowed");
        }
        if (!req.subject().commonName().startsWith("system:node:")) {
            return Optional.of("subject common name does not begin with system:node:");
        }
        Set<String> set = new TreeSet<>(usages);
        boolean twoAllowed = version.atLeast(1, 25);
        if (!set.equals(CLIENT_3) && !(twoAllowed && set.equals(CLIENT_2))) {
            return Optional.of(twoAllowed ? "usages did not match [client auth digital signature key encipherment]"
                    : "usages did not match [digital signature key encipherment client auth]");
        }
        return Optional.empty();
    }

    /** Why the request is not a kubelet serving CSR, or empty when it is one. */
    public static Optional<String> validateServing(CertificateRequest req, List<String> usages, KubeVersion version) {
        if (!req.subject().organizations().equals(List.of("system:nodes"))) {
            return Optional.of("subject organization is not system:nodes");
        }
        if (req.dnsNames().isEmpty() && req.ipAddresses().isEmpty()) {
            return Optional.of("DNS or IP subjectAltName is required");
        }
        if (!req.emailAddresses().isEmpty()) {
            return Optional.of("Email subjectAltNames are not allowed");
        }
        if (!req.uris().isEmpty()) {
            return Optional.of("URI subjectAltNames are not allowed");
        }
        Set<String> set = new TreeSet<>(usages);
        boolean twoAllowed = version.atLeast(1, 25);
        if (!set.equals(SERVING_3) && !(twoAllowed && set.equals(SERVING_2))) {
            return Optional.of("usages did not match [digital signature key encipherment server auth]");
        }
        if (!req.subject().commonName().startsWith("system:node:")) {
            return Optional.of("subject common name does not begin with system:node:");
        }
        return Optional.empty();
    }
}
