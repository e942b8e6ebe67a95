package io.bootsim.core.pki;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kubelet's kubelet-client-<timestamp>.pem: certificate block(s), then the key block. */
class CertificateAndKeyTest {

    private static final TestPki PKI = TestPki.ca("kubernetes");

    @Test
    void combinedFileIsCertificateThenKeyAndReadsBack() throws Exception {
        CertificateAndKey pair = PKI.client("system:node:n1", "system:nodes");
        String file = pair.encode();
        assertTrue(file.startsWith("-----BEGIN CERTIFICATE-----\n"));
        assertTrue(file.indexOf("-----BEGIN EC PRIVATE KEY-----") > file.indexOf("-----END CERTIFICATE-----"));

        CertificateAndKey read = CertificateAndKey.parse(file.getBytes(StandardCharsets.US_ASCII),
                "/var/lib/kubelet/pki/kubelet-client-current.pem");
        assertEquals(pair.certificate(), read.certificate());
        assertArrayEquals(pair.privateKey().getEncoded(), read.privateKey().getEncoded());
    }

    @Test
    void chainKeepsLeafFirst() throws Exception {
        CertificateAndKey leaf = PKI.server("n1", "10.0.0.1");
        String file = new CertificateAndKey(java.util.List.of(leaf.certificate(), PKI.caCertificate()),
                leaf.privateKey()).encode();
        CertificateAndKey read = CertificateAndKey.parse(file.getBytes(StandardCharsets.US_ASCII), "f");
        assertEquals(java.util.List.of(leaf.certificate(), PKI.caCertificate()), read.certificates());
    }

    @Test
    void keyOfAnotherCertificateIsRejectedWithGoTlsMessage() {
        CertificateAndKey a = PKI.client("a");
        CertificateAndKey b = PKI.client("b");
        String mixed = Pem.encodeCertificate(a.certificate()) + Pem.encodePrivateKey(b.privateKey());
        PemException e = assertThrows(PemException.class,
                () -> CertificateAndKey.parse(mixed.getBytes(StandardCharsets.US_ASCII), "pair.pem"));
        assertEquals("pair.pem: tls: private key does not match public key", e.getMessage());
    }

    @Test
    void separateCertAndKeyFilesAreCheckedAgainstEachOther() throws Exception {
        CertificateAndKey a = PKI.server("apiserver");
        CertificateAndKey read = CertificateAndKey.parse(
                Pem.encodeCertificate(a.certificate()).getBytes(StandardCharsets.US_ASCII), "apiserver.crt",
                Pem.encodePkcs8(a.privateKey()).getBytes(StandardCharsets.US_ASCII), "apiserver.key");
        assertEquals(a.certificate(), read.certificate());
        PemException e = assertThrows(PemException.class, () -> CertificateAndKey.parse(
                Pem.encodeCertificate(a.certificate()).getBytes(StandardCharsets.US_ASCII), "apiserver.crt",
                Pem.encodePrivateKey(PKI.caKey()).getBytes(StandardCharsets.US_ASCII), "ca.key"));
        assertEquals("ca.key: tls: private key does not match public key in apiserver.crt", e.getMessage());
    }

    @Test
    void keyWithoutCertificateSaysSo() {
        String onlyKey = Pem.encodePrivateKey(PKI.caKey());
        PemException e = assertThrows(PemException.class,
                () -> CertificateAndKey.parse(onlyKey.getBytes(StandardCharsets.US_ASCII), "pair.pem"));
        assertEquals("pair.pem: no \"CERTIFICATE\" PEM block found before the key", e.getMessage());
    }
}
