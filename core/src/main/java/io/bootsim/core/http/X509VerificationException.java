package io.bootsim.core.http;

import java.security.cert.CertificateException;

/**
 * A server certificate rejected during the handshake, carrying the text Go's crypto/x509 gives
 * for the same certificate, so it survives the JDK's SSLHandshakeException wrapping intact.
 */
final class X509VerificationException extends CertificateException {

    private static final long serialVersionUID = 1L;

    X509VerificationException(String goText) {
        super(goText);
    }
}
