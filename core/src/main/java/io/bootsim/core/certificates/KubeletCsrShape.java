package io.bootsim.core.certificates;

import io.bootsim.core.pki.CertificateRequest;
import io.bootsim.core.version.KubeVersion;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a CSR has the shape of a kubelet client or serving certificate request, shared by the
 * apiserver (v1beta1 signerName defaulting, NodeRestriction) and the controller-manager (approver,
 * signer), as upstream shares pkg/apis/certificates/helpers.go. Each check returns the first problem in
 * upstream's order and words, or empty when the request fits. Usages compare as sets; from 1.25
 * "key encipherment" may be left out (kubernetes#111061), and the message lists the sorted set;
 * before, exactly three usages were required and listed in declaration order.
 */
// upstream: pkg/apis/certificates/helpers.go ValidateKubeletClientCSR, ValidateKubeletServingCSR
public final class KubeletCsrShape {

    private static final String DIGITAL_SIGNATURE = "digital signature";
    private static final String KEY_ENCIPHERMENT = "key encipherment";
    private static final String CLIENT_AUTH = "client auth";
    private static final String SERVER_AUTH = "server auth";

    public static final String NODE_PREFIX = "system:node:";
    private static final List<String> NODES_ORGANIZATION = List.of("system:nodes");

    private KubeletCsrShape() {
    }

    public static Optional<String> validateClient(CertificateRequest req, List<String> usages, KubeVersion version) {
        if (!req.subject().organizations().equals(NODES_ORGANIZATION)) {
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
        if (!req.subject().commonName().startsWith(NODE_PREFIX)) {
            return Optional.of("subject common name does not begin with system:node:");
        }
        return usagesMatch(usages, CLIENT_AUTH, version);
    }

    public static Optional<String> validateServing(CertificateRequest req, List<String> usages, KubeVersion version) {
        if (!req.subject().organizations().equals(NODES_ORGANIZATION)) {
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
        Optional<String> usageProblem = usagesMatch(usages, SERVER_AUTH, version);
        if (usageProblem.isPresent()) {
            return usageProblem;
        }
        if (!req.subject().commonName().startsWith(NODE_PREFIX)) {
            return Optional.of("subject common name does not begin with system:node:");
        }
        return Optional.empty();
    }

    public static boolean isClient(CertificateRequest req, List<String> usages, KubeVersion version) {
        return validateClient(req, usages, version).isEmpty();
    }

    public static boolean isServing(CertificateRequest req, List<String> usages, KubeVersion version) {
        return validateServing(req, usages, version).isEmpty();
    }

    private static Optional<String> usagesMatch(List<String> usages, String authUsage, KubeVersion version) {
        Set<String> given = Set.copyOf(usages);
        Set<String> full = Set.of(DIGITAL_SIGNATURE, KEY_ENCIPHERMENT, authUsage);
        boolean relaxed = version.atLeast(1, 25);
        if (given.equals(full) || relaxed && given.equals(Set.of(DIGITAL_SIGNATURE, authUsage))) {
            return Optional.empty();
        }
        List<String> listed = relaxed
                ? full.stream().sorted().toList()
                : List.of(DIGITAL_SIGNATURE, KEY_ENCIPHERMENT, authUsage);
        return Optional.of("usages did not match [" + String.join(" ", listed) + "]");
    }
}
