package io.bootsim.apiserver.registry.certificates;

import io.bootsim.core.pki.CertificateRequest;
import io.bootsim.core.pki.Pem;
import io.bootsim.core.pki.PemException;

/**
 * spec.request read as upstream's certificates.ParseCSR reads it: only the first PEM block counts,
 * and it must be a "CERTIFICATE REQUEST" (so "NEW CERTIFICATE REQUEST" is refused, kubernetes#68677).
 */
// upstream: pkg/apis/certificates/helpers.go ParseCSR
public final class CsrPem {

    /** Why spec.request could not be read, in upstream's words. */
    public static final class ParseException extends Exception {
        private static final long serialVersionUID = 1L;

        ParseException(String message) {
            super(message, null, false, false);
        }
    }

    private CsrPem() {
    }

    public static CertificateRequest parse(byte[] request) throws ParseException {
        GoPem.Block block = GoPem.first(request).orElse(null);
        if (block == null || !block.type().equals(Pem.CERTIFICATE_REQUEST)) {
            throw new ParseException("PEM block type must be CERTIFICATE REQUEST");
        }
        try {
            // core's parser prefixes its message with the source; "x509" makes it read as Go's do
            return CertificateRequest.parse(block.bytes(), "x509");
        } catch (PemException e) {
            throw new ParseException(e.getMessage());
        }
    }
}
