package io.bootsim.apiserver.registry.certificates;

import io.bootsim.core.api.GoFormat;
import io.bootsim.core.pki.PassedSignatures;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.validation.Dns1123;
import io.bootsim.apiserver.validation.FieldError;
import io.bootsim.apiserver.validation.FieldPath;
import io.bootsim.apiserver.validation.GoValue;
import io.bootsim.core.version.KubeVersion;

import java.io.ByteArrayInputStream;
import java.security.SignatureException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Validation of CertificateSigningRequests on create and on each update path, with upstream's
 * field paths and messages. Before 1.19 only spec.request and spec.usages were checked (and
 * spec.signerName from 1.18); from 1.19 conditions, certificate content and the update rules apply,
 * relaxed by {@link ValidationOptions}. Spec immutability is the strategy's job, not a rule here.
 */
// upstream: pkg/apis/certificates/validation/validation.go
public final class CertificateSigningRequestValidation {

    private static final FieldPath SPEC = FieldPath.of("spec");
    private static final FieldPath CONDITIONS = FieldPath.of("status", "conditions");
    private static final FieldPath CERTIFICATE = FieldPath.of("status", "certificate");
    private static final Set<String> TRUE_ONLY_TYPES = Set.of(Certificates.APPROVED, Certificates.DENIED, Certificates.FAILED);
    private static final List<String> ALL_STATUSES = List.of("False", "True", "Unknown");

    /** Enough for every CSR of a 5,000-node bench twice over. */
    private static final int REMEMBERED_SIGNATURES = 1 << 14;

    private final KubeVersion version;
    // a CSR's request is checked at create and again at each update (approval, certificate): once suffices
    private final PassedSignatures requests = new PassedSignatures(REMEMBERED_SIGNATURES);

    public CertificateSigningRequestValidation(KubeVersion version) {
        this.version = version;
    }

    /** Create, through served version {@code apiVersion} ("v1" or "v1beta1"). */
    public List<FieldError> validateCreate(ObjectNode csr, String apiVersion) {
        if (!version.atLeast(1, 19)) {
            return validateBefore119(csr);
        }
        return validate(csr, ValidationOptions.of(csr, null, Subresource.MAIN, apiVersion));
    }

    /** Update of {@code oldCsr} to {@code newCsr} (already prepared by the strategy) through {@code subresource}. */
    public List<FieldError> validateUpdate(ObjectNode newCsr, ObjectNode oldCsr, Subresource subresource,
                                           String apiVersion) {
        if (!version.atLeast(1, 19)) {
            return validateBefore119(newCsr);
        }
        ValidationOptions opts = ValidationOptions.of(newCsr, oldCsr, subresource, apiVersion);
        List<FieldError> errs = validate(newCsr, opts);
        for (String type : List.of(Certificates.APPROVED, Certificates.DENIED, Certificates.FAILED)) {
            if (CsrJson.conditionsOfType(newCsr, type).size() < CsrJson.conditionsOfType(oldCsr, type).size()) {
                errs.add(FieldError.forbidden(CONDITIONS, "updates may not remove a condition of type " + GoFormat.quote(type)));
            }
        }
        if (!opts.allowSettingApprovalConditions()) {
            // A changed-but-not-added Approved/Denied condition ("may not modify", with a diff) cannot
            // reach here: the /status strategy copies those back and the main strategy keeps status.
            for (String type : List.of(Certificates.APPROVED, Certificates.DENIED)) {
                if (CsrJson.conditionsOfType(newCsr, type).size() > CsrJson.conditionsOfType(oldCsr, type).size()) {
                    errs.add(FieldError.forbidden(CONDITIONS, "updates may not add a condition of type " + GoFormat.quote(type)));
                }
            }
        }
        byte[] oldCert = CsrJson.certificate(oldCsr);
        if (!Arrays.equals(nullToEmpty(CsrJson.certificate(newCsr)), nullToEmpty(oldCert))) {
            if (!opts.allowSettingCertificate()) {
                errs.add(FieldError.forbidden(CERTIFICATE, "updates may not set certificate content"));
            } else if (!opts.allowResettingCertificate() && oldCert != null && oldCert.length > 0) {
                errs.add(FieldError.forbidden(CERTIFICATE, "updates may not modify existing certificate content"));
            }
        }
        return errs;
    }

    private List<FieldError> validateBefore119(ObjectNode csr) {
        List<FieldError> errs = new ArrayList<>();
        validateRequest(csr, errs);
        if (CsrJson.usages(csr).isEmpty()) {
            errs.add(FieldError.required(SPEC.child("usages"), "usages must be provided"));
        }
        if (version.atLeast(1, 18)) {
            errs.addAll(validateSignerName(SPEC.child("signerName"), CsrJson.signerName(csr)));
        }
        return errs;
    }

    private List<FieldError> validate(ObjectNode csr, ValidationOptions opts) {
        List<FieldError> errs = new ArrayList<>();
        validateRequest(csr, errs);
        List<String> usages = CsrJson.usages(csr);
        FieldPath usagesPath = SPEC.child("usages");
        if (usages.isEmpty()) {
            errs.add(FieldError.required(usagesPath, ""));
        }
        if (!opts.allowUnknownUsages()) {
            for (int i = 0; i < usages.size(); i++) {
                if (!Certificates.USAGES.contains(usages.get(i))) {
                    errs.add(FieldError.notSupported(usagesPath.index(i), usages.get(i), Certificates.USAGES));
                }
            }
        }
        if (!opts.allowDuplicateUsages()) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < usages.size(); i++) {
                if (!seen.add(usages.get(i))) {
                    errs.add(FieldError.duplicate(usagesPath.index(i), usages.get(i)));
                }
            }
        }
        String signerName = CsrJson.signerName(csr);
        if (!opts.allowLegacySignerName() && signerName.equals(Certificates.LEGACY_UNKNOWN_SIGNER)) {
            errs.add(FieldError.invalid(SPEC.child("signerName"), signerName,
                    "the legacy signerName is not allowed via this API version"));
        } else {
            errs.addAll(validateSignerName(SPEC.child("signerName"), signerName));
        }
        if (csr.path("spec").path("expirationSeconds").isNumber()) {
            long seconds = csr.path("spec").path("expirationSeconds").asLong();
            if (seconds < 600) {
                errs.add(FieldError.invalid(SPEC.child("expirationSeconds"), GoValue.integer(seconds),
                        "may not specify a duration less than 600 seconds (10 minutes)"));
            }
        }
        validateConditions(csr, opts, errs);
        if (!opts.allowArbitraryCertificate()) {
            String problem = certificateProblem(CsrJson.certificate(csr));
            if (problem != null) {
                errs.add(FieldError.invalid(CERTIFICATE, "<certificate data>", problem));
            }
        }
        return errs;
    }

    private void validateRequest(ObjectNode csr, List<FieldError> errs) {
        byte[] request = CsrJson.request(csr);
        if (request != null && requests.contains(request)) {
            return;
        }
        try {
            CsrPem.parse(request).checkSignature();
            requests.add(request);
        } catch (CsrPem.ParseException | SignatureException e) {
            errs.add(FieldError.invalid(SPEC.child("request"), GoValue.bytes(request), e.getMessage()));
        }
    }

    private static void validateConditions(ObjectNode csr, ValidationOptions opts, List<FieldError> errs) {
        Set<String> seenTypes = new HashSet<>();
        boolean approved = false;
        boolean denied = false;
        List<ObjectNode> conditions = CsrJson.conditions(csr);
        for (int i = 0; i < conditions.size(); i++) {
            String type = CsrJson.type(conditions.get(i));
            String status = CsrJson.conditionStatus(conditions.get(i));
            FieldPath path = CONDITIONS.index(i);
            if (!opts.allowEmptyConditionType() && type.isEmpty()) {
                errs.add(FieldError.required(path.child("type"), ""));
            }
            List<String> allowed = TRUE_ONLY_TYPES.contains(type) ? List.of("True") : ALL_STATUSES;
            if (status.isEmpty()) {
                errs.add(FieldError.required(path.child("status"), ""));
            } else if (!allowed.contains(status)) {
                errs.add(FieldError.notSupported(path.child("status"), status, allowed));
            }
            if (!opts.allowBothApprovedAndDenied()) {
                approved |= type.equals(Certificates.APPROVED);
                denied |= type.equals(Certificates.DENIED);
                if ((type.equals(Certificates.APPROVED) || type.equals(Certificates.DENIED)) && approved && denied) {
                    errs.add(FieldError.invalid(path.child("type"), type,
                            "Approved and Denied conditions are mutually exclusive"));
                }
            }
            if (!opts.allowDuplicateConditionTypes() && !seenTypes.add(type)) {
                errs.add(FieldError.duplicate(path.child("type"), type));
            }
        }
    }

    /** What is wrong with status.certificate content, or null when it is empty or a valid chain. */
    static String certificateProblem(byte[] pem) {
        if (pem == null || pem.length == 0) {
            return null;
        }
        List<GoPem.Block> blocks = GoPem.all(pem);
        for (GoPem.Block block : blocks) {
            if (!block.type().equals("CERTIFICATE")) {
                return "only CERTIFICATE PEM blocks are allowed, found " + GoFormat.quote(block.type());
            }
            if (block.hasHeaders()) {
                return "no PEM block headers are permitted";
            }
            try {
                // one DER certificate after another, as Go's x509.ParseCertificates reads them; the JDK's
                // generateCertificates would first try (and fail, with an exception) each as a PKCS#7 bundle
                CertificateFactory x509 = CertificateFactory.getInstance("X.509");
                ByteArrayInputStream der = new ByteArrayInputStream(block.bytes());
                if (der.available() == 0) {
                    return "found CERTIFICATE PEM block containing 0 certificates";
                }
                while (der.available() > 0) {
                    x509.generateCertificate(der);
                }
            } catch (CertificateException e) {
                return "x509: malformed certificate: " + e.getMessage();
            }
        }
        return blocks.isEmpty() ? "must contain at least one CERTIFICATE PEM block" : null;
    }

    /**
     * {@code <domain>/<path>}: a domain of at least two DNS-1123 labels (at most 253 bytes), a path of
     * dot-separated DNS-1123 subdomains, and at most 571 bytes in all (room for a 317-byte path).
     * Only the first bad label of each part is reported.
     */
    // upstream: pkg/apis/core/validation/names.go ValidateSignerName
    List<FieldError> validateSignerName(FieldPath path, String signerName) {
        List<FieldError> errs = new ArrayList<>();
        if (signerName.isEmpty()) {
            errs.add(FieldError.required(path, ""));
            return errs;
        }
        String[] segments = signerName.split("/", -1);
        if (segments.length != 2) {
            errs.add(FieldError.invalid(path, signerName,
                    "must be a fully qualified domain and path of the form 'example.com/signer-name'"));
            return errs;
        }
        String domain = segments[0];
        String signerPath = segments[1];
        if (domain.length() > Dns1123.SUBDOMAIN_MAX_LENGTH) {
            errs.add(FieldError.tooLong(path, Dns1123.SUBDOMAIN_MAX_LENGTH, version));
        }
        String[] domainLabels = domain.split("\\.", -1);
        firstBadLabel(path, domain, domainLabels, true, errs);
        if (domainLabels.length < 2) {
            errs.add(FieldError.invalid(path, domain, "should be a domain with at least two segments separated by dots"));
        }
        firstBadLabel(path, signerPath, signerPath.split("\\.", -1), false, errs);
        int maxPath = Dns1123.SUBDOMAIN_MAX_LENGTH + Dns1123.LABEL_MAX_LENGTH + 1;
        int maxName = Dns1123.SUBDOMAIN_MAX_LENGTH + maxPath + 1;
        if (signerName.length() > maxName) {
            errs.add(FieldError.tooLong(path, maxName, version));
        }
        return errs;
    }

    private void firstBadLabel(FieldPath path, String part, String[] labels, boolean dnsLabel, List<FieldError> errs) {
        for (String label : labels) {
            List<String> problems = dnsLabel ? Dns1123.label(label, version) : Dns1123.subdomain(label, version);
            if (!problems.isEmpty()) {
                problems.forEach(p -> errs.add(FieldError.invalid(path, part, "validating label " + GoFormat.quote(label) + ": " + p)));
                return;
            }
        }
    }

    private static byte[] nullToEmpty(byte[] b) {
        return b == null ? new byte[0] : b;
    }
}
