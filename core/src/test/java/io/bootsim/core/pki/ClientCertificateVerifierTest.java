package io.bootsim.core.pki;

import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.api.Test;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The verification kube-apiserver and the kubelet share; the apiserver's X509AuthenticatorTest runs upstream's table. */
class ClientCertificateVerifierTest {

    private static final Instant FROM = Instant.parse("2017-01-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2019-01-01T00:00:00Z");
    private static final KubeVersion NEWEST = KubeVersion.parse("1.33");

    private final TestPki ca = TestPki.ca("kubernetes", FROM, TO);
    private final X509Certificate leaf = ca.client("kube-apiserver-kubelet-client").certificate();

    @Test
    void verifiesAtTheGivenTimeNotTheMachines() throws Exception {
        List<X509Certificate> chain = new ClientCertificateVerifier(List.of(ca.caCertificate()), NEWEST)
                .verify(List.of(leaf), Instant.parse("2018-01-01T00:00:00Z"));
        assertEquals(List.of(leaf, ca.caCertificate()), chain);
    }

    @Test
    void expiryTextGainedItsDetailIn119AndTheCertificateIdentifierIn120() {
        Instant after = Instant.parse("2019-06-01T00:00:00Z");
        String detail = "x509: certificate has expired or is not yet valid: current time 2019-06-01T00:00:00Z is after "
                + "2019-01-01T00:00:00Z";
        assertEquals("x509: certificate has expired or is not yet valid", error("1.18", after));
        assertEquals(detail, error("1.19", after));
        assertEquals("verifying certificate SN=" + leaf.getSerialNumber() + ", SKID="
                + CertificateFields.columnSeparatedHex(CertificateFields.subjectKeyId(leaf)) + ", AKID="
                + CertificateFields.columnSeparatedHex(CertificateFields.authorityKeyId(leaf)) + " failed: " + detail,
                error("1.20", after));
    }

    @Test
    void aChainToAnotherCaIsSignedByUnknownAuthority() {
        TestPki other = TestPki.ca("other-ca", FROM, TO);
        var e = assertThrows(ClientCertificateVerifier.VerificationError.class,
                () -> new ClientCertificateVerifier(List.of(other.caCertificate()), KubeVersion.parse("1.19"))
                        .verify(List.of(leaf), Instant.parse("2018-01-01T00:00:00Z")));
        assertEquals("x509: certificate signed by unknown authority", e.getMessage());
    }

    @Test
    void aSignatureCheckedOnceStillLeavesExpiryToEachVerification() throws Exception {
        ClientCertificateVerifier verifier = new ClientCertificateVerifier(List.of(ca.caCertificate()), NEWEST);
        verifier.verify(List.of(leaf), Instant.parse("2018-01-01T00:00:00Z"));
        var e = assertThrows(ClientCertificateVerifier.VerificationError.class,
                () -> verifier.verify(List.of(leaf), Instant.parse("2019-06-01T00:00:00Z")));
        assertTrue(e.getMessage().endsWith("is after 2019-01-01T00:00:00Z"), e.getMessage());
    }

    @Test
    void aForgeryOfAVerifiedCertificateFailsEveryTime() throws Exception {
        ClientCertificateVerifier verifier = new ClientCertificateVerifier(List.of(ca.caCertificate()), NEWEST);
        Instant at = Instant.parse("2018-01-01T00:00:00Z");
        verifier.verify(List.of(leaf), at);
        // the same names from a CA of the same name but another key: only the signature tells them apart
        java.security.SecureRandom random = io.bootsim.core.random.RandomStreams.seeded(2).stream("impostor");
        java.security.KeyPair impostor = Keys.generate(KeyType.ECDSA_P256, random);
        X509Certificate forged = Certificates.sign(CertificateSpec.builder(Subject.of("kube-apiserver-kubelet-client"))
                .usages("digital signature", "client auth").validity(FROM, TO).build(), leaf.getPublicKey(),
                ca.caCertificate(), impostor.getPrivate(), random);
        for (int i = 0; i < 2; i++) {
            var e = assertThrows(ClientCertificateVerifier.VerificationError.class, () -> verifier.verify(List.of(forged), at));
            assertTrue(e.getMessage().contains("x509: certificate signed by unknown authority (possibly because of "
                    + "\"x509: ECDSA verification failure\""), e.getMessage());
        }
        assertEquals(List.of(leaf, ca.caCertificate()), verifier.verify(List.of(leaf), at));
    }

    private String error(String version, Instant at) {
        return assertThrows(ClientCertificateVerifier.VerificationError.class,
                () -> new ClientCertificateVerifier(List.of(ca.caCertificate()), KubeVersion.parse(version))
                        .verify(List.of(leaf), at)).getMessage();
    }
}
