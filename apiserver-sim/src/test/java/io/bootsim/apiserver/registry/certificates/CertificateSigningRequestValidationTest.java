package io.bootsim.apiserver.registry.certificates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.validation.FieldError;
import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Upstream's validation_test.go tables (create and update paths), restated in csr-*-vectors.json. */
class CertificateSigningRequestValidationTest {

    private static final CertificateSigningRequestValidation V1_33 =
            new CertificateSigningRequestValidation(KubeVersion.NEWEST);

    static Stream<Arguments> createVectors() {
        List<Arguments> args = new ArrayList<>();
        TestCsrs.resource("/certificates/csr-create-vectors.json").forEach(v -> args.add(Arguments.of(
                Named.of(v.path("name").asText(), v))));
        return args.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("createVectors")
    void createIsValidatedAsUpstream(JsonNode vector) {
        KubeVersion version = KubeVersion.parse(vector.path("version").asText("1.33"));
        String apiVersion = vector.path("apiVersion").asText("v1");
        ObjectNode csr = TestCsrs.patched(TestCsrs.baseline(), vector.path("patch"));

        List<FieldError> errors = new CertificateSigningRequestValidation(version).validateCreate(csr, apiVersion);

        assertEquals(TestCsrs.strings(vector.path("errors")), errors.stream().map(FieldError::toString).toList());
    }

    static Stream<Arguments> updateVectors() {
        List<Arguments> args = new ArrayList<>();
        TestCsrs.resource("/certificates/csr-update-vectors.json").forEach(v -> {
            for (Subresource path : Subresource.values()) {
                String key = path == Subresource.MAIN ? "main" : path.path();
                args.add(Arguments.of(Named.of(v.path("name").asText() + " via " + key, v), path, v.path(key)));
            }
        });
        return args.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updateVectors")
    void updateIsValidatedPerPath(JsonNode vector, Subresource path, JsonNode expected) {
        ObjectNode old = TestCsrs.patched(TestCsrs.baseline(), vector.path("old"));
        ObjectNode updated = TestCsrs.patched(TestCsrs.baseline(), vector.path("new"));

        List<FieldError> errors = V1_33.validateUpdate(updated, old, path, "v1");

        assertEquals(TestCsrs.strings(expected), errors.stream().map(FieldError::toString).toList());
    }

    @Test
    void signerNameLongerThan571BytesIsTooLong() {
        String domain = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61);
        String path = "e".repeat(253) + "." + "f".repeat(63);
        String maxLength = domain + "/" + path;
        assertEquals(571, maxLength.length());
        assertEquals(List.of(), signerNameErrors(maxLength, KubeVersion.NEWEST));
        assertEquals(List.of("spec.signerName: Too long: may not be more than 571 bytes"),
                signerNameErrors(maxLength + ".toolong", KubeVersion.NEWEST));
        assertEquals(List.of("spec.signerName: Too long: must have at most 571 bytes"),
                signerNameErrors(maxLength + ".toolong", KubeVersion.of(1, 31)));
    }

    @Test
    void signerNameDomainLongerThan253BytesIsTooLong() {
        String domain = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61);
        assertEquals(List.of("spec.signerName: Too long: may not be more than 253 bytes"),
                signerNameErrors(domain + ".extra/valid-path", KubeVersion.NEWEST));
    }

    @Test
    void signerNameLabelLongerThan63BytesNamesTheLabel() {
        String label = "a".repeat(66);
        assertEquals(List.of("spec.signerName: Invalid value: \"" + label + ".example.io\": validating label \""
                        + label + "\": must be no more than 63 bytes"),
                signerNameErrors(label + ".example.io/valid-path", KubeVersion.NEWEST));
    }

    @Test
    void requestWithTamperedSignatureIsRejectedWithTheVerificationError() {
        ObjectNode csr = TestCsrs.baseline();
        String pem = TestCsrs.pem("testcsr", List.of("testing-org"), List.of(), List.of(), List.of(), List.of());
        // flip one bit in the last base64 character before the END line: inside the signature
        int end = pem.indexOf("\n-----END");
        char last = pem.charAt(end - 1) == '=' ? pem.charAt(end - 3) : pem.charAt(end - 1);
        int at = pem.charAt(end - 1) == '=' ? end - 3 : end - 1;
        String tampered = pem.substring(0, at) + (last == 'A' ? 'B' : 'A') + pem.substring(at + 1);
        CsrJson.spec(csr).put("request", TestCsrs.base64(tampered));

        List<FieldError> errors = V1_33.validateCreate(csr, "v1");

        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).toString().startsWith("spec.request: Invalid value: []byte{0x2d, 0x2d"), errors.toString());
        assertTrue(errors.get(0).toString().endsWith(": x509: ECDSA verification failure"), errors.toString());
    }

    @Test
    void statusCertificateBlocksHoldOneOrMoreDerCertificatesAndNothingElse() throws Exception {
        byte[] one = java.util.Base64.getMimeDecoder().decode(TestCsrs.certificatePem("a")
                .replaceAll("-----[A-Z ]+-----", ""));
        byte[] two = java.util.Arrays.copyOf(one, one.length * 2);
        System.arraycopy(one, 0, two, one.length, one.length);
        assertEquals(null, CertificateSigningRequestValidation.certificateProblem(pem("CERTIFICATE", two)));
        assertEquals(null, CertificateSigningRequestValidation.certificateProblem(
                (TestCsrs.certificatePem("a") + TestCsrs.certificatePem("b")).getBytes(StandardCharsets.US_ASCII)));
        assertEquals("found CERTIFICATE PEM block containing 0 certificates",
                CertificateSigningRequestValidation.certificateProblem(pem("CERTIFICATE", new byte[0])));
        byte[] trailing = java.util.Arrays.copyOf(one, one.length + 3);
        assertTrue(CertificateSigningRequestValidation.certificateProblem(pem("CERTIFICATE", trailing))
                .startsWith("x509: malformed certificate: "));
    }

    private static byte[] pem(String type, byte[] der) {
        return ("-----BEGIN " + type + "-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void newCertificateRequestPemTypeIsRejected() {
        ObjectNode csr = TestCsrs.baseline();
        String pem = TestCsrs.pem("testcsr", List.of(), List.of(), List.of(), List.of(), List.of())
                .replace("CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST");
        CsrJson.spec(csr).put("request", TestCsrs.base64(pem));

        List<FieldError> errors = V1_33.validateCreate(csr, "v1");

        assertEquals(1, errors.size());
        assertTrue(errors.get(0).toString().endsWith(": PEM block type must be CERTIFICATE REQUEST"));
    }

    private static List<String> signerNameErrors(String signerName, KubeVersion version) {
        ObjectNode csr = TestCsrs.baseline();
        CsrJson.spec(csr).put("signerName", signerName);
        return new CertificateSigningRequestValidation(version).validateCreate(csr, "v1").stream()
                .map(FieldError::toString).toList();
    }
}
