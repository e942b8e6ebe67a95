package io.bootsim.core.pki;

import io.bootsim.core.random.RandomStreams;
import io.bootsim.core.time.VirtualClock;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigInteger;
import java.net.URI;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CertificatesTest {

    private final SecureRandom random = RandomStreams.seeded(3).stream("certs");
    private final TestPki pki = TestPki.ca("kubernetes");

    @Test
    void selfSignedCaIsACaWithSubjectKeyIdAndNoAuthorityKeyId() throws Exception {
        X509Certificate ca = pki.caCertificate();
        ca.verify(ca.getPublicKey());
        assertEquals(Integer.MAX_VALUE, ca.getBasicConstraints()); // CA without path length limit
        assertEquals("CN=kubernetes", ca.getSubjectX500Principal().getName());
        assertTrue(ca.getCriticalExtensionOIDs().containsAll(Set.of("2.5.29.15", "2.5.29.19")));
        assertTrue(ca.getKeyUsage()[5]); // keyCertSign
        assertTrue(ca.getExtensionValue(Extension.subjectKeyIdentifier.getId()) != null);
        assertNull(ca.getExtensionValue(Extension.authorityKeyIdentifier.getId()));
    }

    @Test
    void leafCarriesSubjectSansUsagesAndTheCaKeyId() throws Exception {
        KeyPair key = Keys.generate(KeyType.ECDSA_P256, random);
        CertificateSpec spec = CertificateSpec.builder(Subject.of("system:node:n1", "system:nodes"))
                .dnsNames("n1", "n1.cluster.local").ipAddresses("10.0.0.7", "fd00::7")
                .emailAddresses("n1@example.com").uris(URI.create("spiffe://cluster/n1"))
                .usages("digital signature", "key encipherment", "server auth")
                .validity(Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z")).build();
        X509Certificate leaf = Certificates.sign(spec, key.getPublic(), pki.caCertificate(), pki.caKey(), random);

        leaf.verify(pki.caCertificate().getPublicKey());
        assertEquals("CN=system:node:n1,O=system:nodes", leaf.getSubjectX500Principal().getName());
        assertEquals(pki.caCertificate().getSubjectX500Principal(), leaf.getIssuerX500Principal());
        assertEquals(List.of(List.of(2, "n1"), List.of(2, "n1.cluster.local"), List.of(1, "n1@example.com"),
                        List.of(7, "10.0.0.7"), List.of(7, "fd00:0:0:0:0:0:0:7"), List.of(6, "spiffe://cluster/n1")),
                leaf.getSubjectAlternativeNames().stream().map(List::copyOf).toList());
        assertEquals(List.of("1.3.6.1.5.5.7.3.1"), leaf.getExtendedKeyUsage());
        boolean[] ku = leaf.getKeyUsage();
        assertTrue(ku[0] && ku[2] && !ku[5]);
        assertEquals(-1, leaf.getBasicConstraints());
        assertNull(leaf.getExtensionValue(Extension.subjectKeyIdentifier.getId()));
        assertArrayEquals(keyId(pki.caCertificate(), Extension.subjectKeyIdentifier),
                keyId(leaf, Extension.authorityKeyIdentifier));
        assertFalse(leaf.getCriticalExtensionOIDs().contains(Extension.subjectAlternativeName.getId()));
        assertEquals(spec.notBefore(), leaf.getNotBefore().toInstant());
        assertEquals(spec.notAfter(), leaf.getNotAfter().toInstant());
    }

    @Test
    void signerMayBackdateAndValidityIsTruncatedToSeconds() {
        VirtualClock clock = new VirtualClock(Instant.parse("2030-06-01T12:00:00.750Z"));
        CertificateSpec spec = CertificateSpec.builder(Subject.of("x")).usages("client auth")
                .validFor(clock, Duration.ofHours(1)).build();
        spec = spec.withValidity(spec.notBefore().minus(Duration.ofMinutes(5)), spec.notAfter());
        X509Certificate cert = Certificates.sign(spec, Keys.generate(KeyType.ECDSA_P256, random).getPublic(),
                pki.caCertificate(), pki.caKey(), random);
        assertEquals(Instant.parse("2030-06-01T11:55:00Z"), cert.getNotBefore().toInstant());
        assertEquals(Instant.parse("2030-06-01T13:00:00Z"), cert.getNotAfter().toInstant());
    }

    @Test
    void serialIsDrawnFrom128RandomBitsUnlessGiven() {
        CertificateSpec.Builder spec = CertificateSpec.builder(Subject.of("x")).usages("client auth")
                .validity(TestPki.NOT_BEFORE, TestPki.NOT_AFTER);
        KeyPair key = Keys.generate(KeyType.ECDSA_P256, random);
        BigInteger drawn = Certificates.sign(spec.build(), key.getPublic(), pki.caCertificate(), pki.caKey(), random)
                .getSerialNumber();
        assertTrue(drawn.bitLength() > 64 && drawn.bitLength() <= 128, "serial " + drawn);
        assertEquals(BigInteger.valueOf(42), Certificates.sign(spec.serialNumber(BigInteger.valueOf(42)).build(),
                key.getPublic(), pki.caCertificate(), pki.caKey(), random).getSerialNumber());
    }

    @Test
    void sanExtensionIsCriticalWhenTheSubjectIsEmpty() {
        CertificateSpec spec = CertificateSpec.builder(Subject.of("")).dnsNames("only-a-san").usages("server auth")
                .validity(TestPki.NOT_BEFORE, TestPki.NOT_AFTER).build();
        X509Certificate cert = Certificates.sign(spec, Keys.generate(KeyType.ECDSA_P256, random).getPublic(),
                pki.caCertificate(), pki.caKey(), random);
        assertTrue(cert.getCriticalExtensionOIDs().contains(Extension.subjectAlternativeName.getId()));
    }

    @ParameterizedTest
    @CsvSource({"RSA_2048, SHA256withRSA", "ECDSA_P256, SHA256withECDSA", "ECDSA_P384, SHA384withECDSA"})
    void signatureAlgorithmFollowsTheCaKey(KeyType caKeyType, String algorithm) throws Exception {
        KeyPair caKey = Keys.generate(caKeyType, random);
        X509Certificate ca = Certificates.selfSigned(CertificateSpec.builder(Subject.of("ca")).ca(true)
                .usages("cert sign").validity(TestPki.NOT_BEFORE, TestPki.NOT_AFTER).build(), caKey, random);
        X509Certificate leaf = Certificates.sign(CertificateSpec.builder(Subject.of("leaf")).usages("client auth")
                        .validity(TestPki.NOT_BEFORE, TestPki.NOT_AFTER).build(),
                Keys.generate(KeyType.ECDSA_P256, random).getPublic(), ca, caKey.getPrivate(), random);
        assertEquals(algorithm, leaf.getSigAlgName());
        leaf.verify(ca.getPublicKey());
    }

    @Test
    void anRsaSignatureIsTheBytesTheJdkWouldSign() throws Exception {
        // RSA signs in BoringSSL where it loads; PKCS#1 v1.5 is deterministic, so certificates (and traces) are
        // the same as with the JDK's provider
        KeyPair caKey = Keys.generate(KeyType.RSA_2048, random);
        X509Certificate ca = Certificates.selfSigned(CertificateSpec.builder(Subject.of("ca")).ca(true)
                .usages("cert sign").validity(TestPki.NOT_BEFORE, TestPki.NOT_AFTER).build(), caKey, random);
        X509Certificate leaf = Certificates.sign(CertificateSpec.builder(Subject.of("leaf")).usages("client auth")
                        .validity(TestPki.NOT_BEFORE, TestPki.NOT_AFTER).build(),
                Keys.generate(KeyType.ECDSA_P256, random).getPublic(), ca, caKey.getPrivate(), random);
        Signature jdk = Signature.getInstance("SHA256withRSA", "SunRsaSign");
        jdk.initSign(caKey.getPrivate());
        jdk.update(leaf.getTBSCertificate());
        assertArrayEquals(jdk.sign(), leaf.getSignature());
    }

    @Test
    void unknownUsageIsRefusedWithTheSignersMessage() {
        CertificateSpec spec = CertificateSpec.builder(Subject.of("x")).usages("client auth", "bogus")
                .validity(TestPki.NOT_BEFORE, TestPki.NOT_AFTER).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Certificates.sign(spec,
                pki.caCertificate().getPublicKey(), pki.caCertificate(), pki.caKey(), random));
        assertEquals("unrecognized usage values: [\"bogus\"]", e.getMessage());
    }

    @Test
    void ipSanMustBeALiteralNeverAHostName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CertificateSpec.builder(Subject.of("x")).ipAddresses("localhost"));
        assertEquals("invalid IP address \"localhost\"", e.getMessage());
    }

    private static byte[] keyId(X509Certificate cert, org.bouncycastle.asn1.ASN1ObjectIdentifier oid) {
        byte[] octets = ASN1OctetString.getInstance(cert.getExtensionValue(oid.getId())).getOctets();
        return oid.equals(Extension.subjectKeyIdentifier)
                ? SubjectKeyIdentifier.getInstance(octets).getKeyIdentifier()
                : AuthorityKeyIdentifier.getInstance(octets).getKeyIdentifierObject().getOctets();
    }
}
