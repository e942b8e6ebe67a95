package io.bootsim.core.pki;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;

/** Go's {@code Certificate.CheckSignatureFrom}, as both ends of a TLS connection run it while building chains. */
// upstream: golang src/crypto/x509/x509.go (CheckSignatureFrom, ConstraintViolationError)
public final class CertificateSignature {

    private CertificateSignature() {
    }

    /**
     * Null when {@code parent} may sign and did sign {@code child}; otherwise Go's error text. A parent
     * may sign unless it is a v3 certificate without CA basic constraints or has KeyUsage without certSign.
     */
    public static String checkSignatureFrom(X509Certificate child, X509Certificate parent) {
        boolean[] keyUsage = parent.getKeyUsage();
        boolean keyUsageForbidsSigning = keyUsage != null && (keyUsage.length <= 5 || !keyUsage[5]);
        if ((parent.getVersion() == 3 && parent.getBasicConstraints() < 0) || keyUsageForbidsSigning) {
            return "x509: invalid signature: parent certificate cannot sign this kind of certificate";
        }
        try {
            child.verify(parent.getPublicKey(), Providers.verifying(parent.getPublicKey(), child.getSigAlgName()));
            return null;
        } catch (GeneralSecurityException e) {
            return switch (parent.getPublicKey().getAlgorithm()) {
                case "RSA" -> "crypto/rsa: verification error";
                case "EC", "ECDSA" -> "x509: ECDSA verification failure";
                case "Ed25519", "EdDSA" -> "x509: Ed25519 verification failure";
                default -> "x509: signature verification failure";
            };
        }
    }
}
