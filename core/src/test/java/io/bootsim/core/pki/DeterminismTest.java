package io.bootsim.core.pki;

import io.bootsim.core.random.RandomStreams;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Same seed, same bytes: keys, CSRs (ECDSA signatures included) and certificates. */
class DeterminismTest {

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"RSA_2048", "ECDSA_P256", "ECDSA_P384"})
    void seededRunsProduceByteIdenticalKeysCsrsAndCertificates(KeyType type) {
        assertEquals(run(1, type), run(1, type));
        assertNotEquals(run(1, type), run(2, type));
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"RSA_2048", "ECDSA_P256"})
    void aKeyMadeAgainFromTheSamePositionIsTheSameAndLeavesTheStreamWhereMakingItWould(KeyType type) {
        String name = "again-" + type;
        SecureRandom first = RandomStreams.seeded(9).stream(name);
        KeyPair made = Keys.generate(type, first);
        byte[] afterFirst = new byte[40];
        first.nextBytes(afterFirst);
        SecureRandom second = RandomStreams.seeded(9).stream(name);
        KeyPair again = Keys.generate(type, second);
        byte[] afterSecond = new byte[40];
        second.nextBytes(afterSecond);
        assertEquals(Pem.encodePrivateKey(made.getPrivate()), Pem.encodePrivateKey(again.getPrivate()));
        assertEquals(java.util.HexFormat.of().formatHex(afterFirst), java.util.HexFormat.of().formatHex(afterSecond));
    }

    /** A CA, a kubelet key and CSR, and the signed certificate, all as PEM. */
    private static String run(long seed, KeyType type) {
        SecureRandom random = RandomStreams.seeded(seed).stream("x");
        KeyPair caKey = Keys.generate(type, random);
        var ca = Certificates.selfSigned(CertificateSpec.builder(Subject.of("kubernetes")).ca(true)
                .usages("cert sign").validity(TestPki.NOT_BEFORE, TestPki.NOT_AFTER).build(), caKey, random);
        KeyPair nodeKey = Keys.generate(type, random);
        CertificateRequest csr = CertificateRequest.create(nodeKey, Subject.of("system:node:n1", "system:nodes"),
                List.of(), List.of(), random);
        var cert = Certificates.sign(CertificateSpec.builder(csr.subject()).usages("digital signature", "client auth")
                .validity(TestPki.NOT_BEFORE, TestPki.NOT_AFTER).build(), csr.publicKey(), ca, caKey.getPrivate(), random);
        return Pem.encodePrivateKey(caKey.getPrivate()) + Pem.encodeCertificate(ca)
                + Pem.encodePrivateKey(nodeKey.getPrivate()) + Pem.encodeCertificateRequest(csr)
                + Pem.encodeCertificate(cert);
    }
}
