package io.bootsim.apiserver.validation;

import io.bootsim.core.api.GoFormat;

import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** errors.NewInvalid bodies, as kubectl prints them and clients parse them. */
class InvalidErrorTest {

    private static final FieldError REQUIRED = FieldError.required(FieldPath.of("spec", "signerName"), "");
    private static final FieldError EXPIRATION = FieldError.invalid(FieldPath.of("spec", "expirationSeconds"),
            GoValue.integer(599), "may not specify a duration less than 600 seconds (10 minutes)");

    @Test
    void oneErrorIsPrintedWithoutBrackets() {
        assertEquals("CertificateSigningRequest.certificates.k8s.io \"csr-1\" is invalid: spec.signerName: Required value",
                InvalidError.status("certificates.k8s.io", "CertificateSigningRequest", "csr-1", List.of(REQUIRED)).message());
    }

    @Test
    void severalErrorsAreBracketedAndDeduplicatedButEveryCauseIsKept() {
        var status = InvalidError.status("certificates.k8s.io", "CertificateSigningRequest", "csr-1",
                List.of(REQUIRED, EXPIRATION, REQUIRED));

        assertEquals("CertificateSigningRequest.certificates.k8s.io \"csr-1\" is invalid: [spec.signerName: Required value, "
                + "spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 600 seconds (10 minutes)]",
                status.message());
        assertEquals("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":"
                + "\"CertificateSigningRequest.certificates.k8s.io \\\"csr-1\\\" is invalid: [spec.signerName: Required value, "
                + "spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 600 seconds (10 minutes)]\","
                + "\"reason\":\"Invalid\",\"details\":{\"name\":\"csr-1\",\"group\":\"certificates.k8s.io\","
                + "\"kind\":\"CertificateSigningRequest\",\"causes\":[{\"reason\":\"FieldValueRequired\",\"message\":"
                + "\"Required value\",\"field\":\"spec.signerName\"},{\"reason\":\"FieldValueInvalid\",\"message\":"
                + "\"Invalid value: 599: may not specify a duration less than 600 seconds (10 minutes)\",\"field\":"
                + "\"spec.expirationSeconds\"},{\"reason\":\"FieldValueRequired\",\"message\":\"Required value\","
                + "\"field\":\"spec.signerName\"}]},\"code\":422}\n", status.toJson());
    }

    @Test
    void coreGroupKindsAreNotQualified() {
        assertEquals("Node \"n1\" is invalid: metadata.name: Required value: name or generateName is required",
                InvalidError.status("", "Node", "n1", List.of(FieldError.required(FieldPath.of("metadata", "name"),
                        "name or generateName is required"))).message());
    }

    @Test
    void valuesArePrintedAsGoPrintsThem() {
        assertEquals("\"a\\\"b\\\\c\\n\\x00\"", GoFormat.quote("a\"b\\c\n\0"));
        assertEquals("[]byte{0x0, 0xff, 0x10}", GoValue.bytes(new byte[]{0, (byte) 0xff, 0x10}).rendered());
        assertEquals("[]byte(nil)", GoValue.bytes(null).rendered());
        assertEquals("metadata.labels[app].x[2]", FieldPath.of("metadata", "labels").key("app").child("x").index(2).toString());
        assertEquals("spec.usages[0]: Unsupported value: \"x\": supported values: \"a\", \"b\"",
                FieldError.notSupported(FieldPath.of("spec", "usages").index(0), "x", List.of("a", "b")).toString());
        assertEquals("spec.x: Too long: must have at most 5 bytes",
                FieldError.tooLong(FieldPath.of("spec", "x"), 5, KubeVersion.of(1, 31)).toString());
    }
}
