package io.bootsim.apiserver.registry.certificates;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What CSR validation tolerates on one request: what the update path may set, and bad values
 * accepted because they came through v1beta1 (1.19-1.21) or were already stored.
 */
// upstream: pkg/apis/certificates/validation/validation.go certificateValidationOptions, getValidationOptions
record ValidationOptions(boolean allowSettingApprovalConditions, boolean allowSettingCertificate,
                         boolean allowBothApprovedAndDenied, boolean allowResettingCertificate,
                         boolean allowLegacySignerName, boolean allowDuplicateConditionTypes,
                         boolean allowEmptyConditionType, boolean allowArbitraryCertificate,
                         boolean allowUnknownUsages, boolean allowDuplicateUsages) {

    /** {@code oldCsr} is null on create. */
    static ValidationOptions of(ObjectNode newCsr, ObjectNode oldCsr, Subresource subresource, String apiVersion) {
        boolean v1beta1 = Certificates.V1BETA1.equals(apiVersion);
        boolean update = oldCsr != null;
        return new ValidationOptions(
                subresource == Subresource.APPROVAL,
                subresource == Subresource.STATUS,
                update && hasBothApprovedAndDenied(oldCsr),
                v1beta1,
                v1beta1 || update && CsrJson.signerName(oldCsr).equals(Certificates.LEGACY_UNKNOWN_SIGNER),
                v1beta1 || update && hasDuplicates(CsrJson.conditions(oldCsr).stream().map(CsrJson::type).toList()),
                v1beta1 || update && CsrJson.conditions(oldCsr).stream().anyMatch(c -> CsrJson.type(c).isEmpty()),
                v1beta1 || update && (Arrays.equals(CsrJson.certificate(newCsr), CsrJson.certificate(oldCsr))
                        || CertificateSigningRequestValidation.certificateProblem(CsrJson.certificate(oldCsr)) != null),
                v1beta1 || update && !Certificates.USAGES.containsAll(CsrJson.usages(oldCsr)),
                v1beta1 || update && hasDuplicates(CsrJson.usages(oldCsr)));
    }

    private static boolean hasBothApprovedAndDenied(ObjectNode csr) {
        return !CsrJson.conditionsOfType(csr, Certificates.APPROVED).isEmpty()
                && !CsrJson.conditionsOfType(csr, Certificates.DENIED).isEmpty();
    }

    private static boolean hasDuplicates(List<String> values) {
        Set<String> seen = new HashSet<>();
        return !values.stream().allMatch(seen::add);
    }
}
