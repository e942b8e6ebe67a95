package io.bootsim.core.pki;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * A certificate chain (leaf first) and the leaf's private key: what a TLS endpoint presents, and
 * the content of the kubelet's combined file {@code kubelet-client-<timestamp>.pem}, which holds the
 * certificate block(s) followed by the key block. The file's 0600 mode is the writer's concern.
 */
// upstream: staging/src/k8s.io/client-go/util/certificate/certificate_store.go
public record CertificateAndKey(List<X509Certificate> certificates, PrivateKey privateKey) {

    public CertificateAndKey {
        certificates = List.copyOf(certificates);
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain needs at least the leaf certificate");
        }
    }

    public CertificateAndKey(X509Certificate certificate, PrivateKey privateKey) {
        this(List.of(certificate), privateKey);
    }

    /** The leaf. */
    public X509Certificate certificate() {
        return certificates.get(0);
    }

    /**
     * Reads a combined file, or the concatenation of a cert file and a key file. Like Go's
     * tls.X509KeyPair, which the kubelet's certificate store uses, the key must belong to the first
     * certificate.
     */
    public static CertificateAndKey parse(byte[] data, String source) throws PemException {
        List<PemBlock> blocks = Pem.decode(data, source);
        List<X509Certificate> chain = new ArrayList<>();
        for (PemBlock block : blocks) {
            if (block.type().equals(Pem.CERTIFICATE)) {
                chain.add(Pem.certificate(block, source));
            }
        }
        if (chain.isEmpty()) {
            throw new PemException(source + ": no \"CERTIFICATE\" PEM block found before the key");
        }
        PrivateKey key = Pem.privateKey(blocks, source);
        if (!matches(chain.get(0).getPublicKey(), key)) {
            // Go's text, which the kubelet logs when its pair file is inconsistent
            throw new PemException(source + ": tls: private key does not match public key");
        }
        return new CertificateAndKey(chain, key);
    }

    /** Cert-then-key pair from two separate files, e.g. --tls-cert-file and --tls-private-key-file. */
    public static CertificateAndKey parse(byte[] certData, String certSource, byte[] keyData, String keySource)
            throws PemException {
        List<X509Certificate> chain = Pem.certificates(certData, certSource);
        PrivateKey key = Pem.privateKey(keyData, keySource);
        if (!matches(chain.get(0).getPublicKey(), key)) {
            throw new PemException(keySource + ": tls: private key does not match public key in " + certSource);
        }
        return new CertificateAndKey(chain, key);
    }

    /** Certificate block(s), then the key block in Kubernetes' form: the combined file's layout. */
    public String encode() {
        return Pem.encodeCertificates(certificates) + Pem.encodePrivateKey(privateKey);
    }

    private static boolean matches(PublicKey publicKey, PrivateKey privateKey) {
        PublicKey derived = Keys.publicKey(privateKey);
        if (publicKey instanceof RSAPublicKey rsa && derived instanceof RSAPublicKey d) {
            return rsa.getModulus().equals(d.getModulus()) && rsa.getPublicExponent().equals(d.getPublicExponent());
        }
        return publicKey instanceof ECPublicKey ec && derived instanceof ECPublicKey d && ec.getW().equals(d.getW());
    }
}
