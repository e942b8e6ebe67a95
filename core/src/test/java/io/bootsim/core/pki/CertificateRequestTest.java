package io.bootsim.core.pki;

import io.bootsim.core.random.RandomStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.SignatureException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CertificateRequestTest {

    private final SecureRandom random = RandomStreams.seeded(5).stream("csr");

    @Test
    void kubeletClientCsrRoundTripsThroughPem() throws Exception {
        KeyPair key = Keys.generate(KeyType.ECDSA_P256, random);
        CertificateRequest csr = CertificateRequest.create(key, Subject.of("system:node:n1", "system:nodes"),
                List.of(), List.of(), random);
        String pem = Pem.encodeCertificateRequest(csr);
        assertTrue(pem.startsWith("-----BEGIN CERTIFICATE REQUEST-----\n"));

        CertificateRequest parsed = Pem.certificateRequest(pem.getBytes(StandardCharsets.US_ASCII), "spec.request");
        assertEquals(Subject.of("system:node:n1", "system:nodes"), parsed.subject());
        assertEquals(List.of(), parsed.dnsNames());
        assertArrayEquals(key.getPublic().getEncoded(), parsed.publicKey().getEncoded());
        assertDoesNotThrow(parsed::checkSignature);
        CertificateRequest p384 = CertificateRequest.parse(CertificateRequest.create(Keys.generate(KeyType.ECDSA_P384,
                random), Subject.of("system:node:n1", "system:nodes"), List.of(), List.of(), random).encoded(), "csr");
        assertDoesNotThrow(p384::checkSignature);
    }

    @Test
    void everySanKindIsReadBack() throws Exception {
        KeyPair key = Keys.generate(KeyType.ECDSA_P256, random);
        CertificateRequest csr = CertificateRequest.create(key, Subject.of("system:node:n1", "system:nodes"),
                List.of("n1", "n1.example.com"), List.of(InetAddress.getByName("10.1.2.3")),
                List.of("admin@example.com"), List.of(URI.create("spiffe://c/n1")), random);
        CertificateRequest parsed = CertificateRequest.parse(csr.encoded(), "csr");
        assertEquals(List.of("n1", "n1.example.com"), parsed.dnsNames());
        assertEquals(List.of(InetAddress.getByName("10.1.2.3")), parsed.ipAddresses());
        assertEquals(List.of("admin@example.com"), parsed.emailAddresses());
        assertEquals(List.of(URI.create("spiffe://c/n1")), parsed.uris());
    }

    @ParameterizedTest
    @CsvSource({"ECDSA_P256, x509: ECDSA verification failure", "ECDSA_P384, x509: ECDSA verification failure",
            "RSA_2048, crypto/rsa: verification error"})
    void tamperedRequestFailsWithGosVerificationMessage(KeyType type, String message) throws Exception {
        KeyPair key = Keys.generate(type, random);
        byte[] der = CertificateRequest.create(key, Subject.of("system:node:n1", "system:nodes"), List.of(),
                List.of(), random).encoded();
        int at = indexOf(der, "n1".getBytes(StandardCharsets.US_ASCII));
        der[at + 1] = '2'; // now claims system:node:n2, but was signed as n1
        CertificateRequest forged = CertificateRequest.parse(der, "csr");
        assertEquals("system:node:n2", forged.subject().commonName());
        SignatureException e = assertThrows(SignatureException.class, forged::checkSignature);
        assertEquals(message, e.getMessage());
    }

    @Test
    void anEcdsaSignatureThatIsNotDerIsAFailedVerificationAsInGo() throws Exception {
        KeyPair key = Keys.generate(KeyType.ECDSA_P256, random);
        org.bouncycastle.asn1.pkcs.CertificationRequest signed = org.bouncycastle.asn1.pkcs.CertificationRequest.getInstance(
                CertificateRequest.create(key, Subject.of("system:node:n1", "system:nodes"), List.of(), List.of(),
                        random).encoded());
        byte[] notDer = {0x01, 0x02, 0x03};
        byte[] der = new org.bouncycastle.asn1.pkcs.CertificationRequest(signed.getCertificationRequestInfo(),
                signed.getSignatureAlgorithm(), new org.bouncycastle.asn1.DERBitString(notDer)).getEncoded();
        SignatureException e = assertThrows(SignatureException.class, CertificateRequest.parse(der, "csr")::checkSignature);
        assertEquals("x509: ECDSA verification failure", e.getMessage());
    }

    @Test
    void garbageIsAMalformedRequestNamingTheSource() {
        PemException e = assertThrows(PemException.class,
                () -> CertificateRequest.parse(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}, "spec.request"));
        assertTrue(e.getMessage().startsWith("spec.request: malformed certificate request: "), e.getMessage());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
