package io.bootsim.core.pki;

import java.util.Map;

/**
 * One decoded PEM block: its type ("CERTIFICATE"), RFC 1421 headers (only encrypted legacy keys
 * have them), the DER bytes, and the line of its BEGIN marker for error messages.
 */
public record PemBlock(String type, Map<String, String> headers, byte[] bytes, int line) {

    public PemBlock {
        headers = Map.copyOf(headers);
    }

    /** An openssl "traditional" encrypted key: Proc-Type 4,ENCRYPTED, or a PKCS#8 ENCRYPTED PRIVATE KEY. */
    public boolean isEncrypted() {
        return type.equals("ENCRYPTED PRIVATE KEY") || headers.getOrDefault("Proc-Type", "").contains("ENCRYPTED");
    }
}
