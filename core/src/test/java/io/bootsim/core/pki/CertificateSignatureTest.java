package io.bootsim.core.pki;

import io.bootsim.core.random.RandomStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.security.KeyPair;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Go's CheckSignatureFrom texts, which both the client- and the server-certificate verification print. */
class CertificateSignatureTest {

    private final SecureRandom random = RandomStreams.seeded(7).stream("signature-test");

    @Test
    void aCaSignedTheLeaf() {
        TestPki ca = TestPki.ca("kubernetes");
        assertNull(CertificateSignature.checkSignatureFrom(ca.client("node").certificate(), ca.caCertificate()));
    }

    @Test
    void aCaWhoseKeyUsageLacksCertSignCannotSign() {
        KeyPair caKeys = Keys.generate(KeyType.ECDSA_P256, random);
        X509Certificate ca = Certificates.selfSigned(spec("no-cert-sign", true, "digital signature"), caKeys, random);
        X509Certificate leaf = signedBy(ca, caKeys);
        assertEquals("x509: invalid signature: parent certificate cannot sign this kind of certificate",
                CertificateSignature.checkSignatureFrom(leaf, ca));
    }

    @Test
    void aLeafCannotSign() {
        KeyPair keys = Keys.generate(KeyType.ECDSA_P256, random);
        X509Certificate notCa = Certificates.selfSigned(spec("not-a-ca", false, "digital signature"), keys, random);
        assertEquals("x509: invalid signature: parent certificate cannot sign this kind of certificate",
                CertificateSignature.checkSignatureFrom(signedBy(notCa, keys), notCa));
    }

    /** RSA and ECDSA chains alike are checked by BoringSSL where it loads: the verdicts and texts stay Go's. */
    @ParameterizedTest
    @CsvSource({"ECDSA_P256, x509: ECDSA verification failure", "RSA_2048, crypto/rsa: verification error"})
    void theCaSignedTheLeafAndAnotherKeyFailsWithTheParentKeysText(KeyType type, String text) {
        KeyPair caKeys = Keys.generate(type, random);
        X509Certificate ca = Certificates.selfSigned(spec("ca", true, "cert sign"), caKeys, random);
        X509Certificate sameNameOtherKey = Certificates.selfSigned(spec("ca", true, "cert sign"),
                Keys.generate(type, random), random);
        X509Certificate leaf = signedBy(ca, caKeys);
        assertNull(CertificateSignature.checkSignatureFrom(leaf, ca));
        assertEquals(text, CertificateSignature.checkSignatureFrom(leaf, sameNameOtherKey));
    }

    @Test
    void boringSslChecksEcdsaAndPkcs1RsaWithSha2AndBouncyCastleTheRest() {
        assumeTrue(BoringSslProvider.get().isPresent(), "BoringSSL does not load on this platform");
        Provider boring = BoringSslProvider.get().orElseThrow();
        PublicKey rsa = Keys.generate(KeyType.RSA_2048, random).getPublic();
        PublicKey ec = Keys.generate(KeyType.ECDSA_P256, random).getPublic();
        assertEquals(boring, Providers.verifying(rsa, "SHA256withRSA"));
        assertEquals(boring, Providers.verifying(rsa, "SHA512WITHRSA"));
        assertEquals(boring, Providers.verifying(ec, "SHA256withECDSA"));
        assertEquals(Providers.BC, Providers.verifying(rsa, "RSASSA-PSS"));
        assertEquals(Providers.BC, Providers.verifying(rsa, "SHA1withRSA"));
    }

    private X509Certificate signedBy(X509Certificate issuer, KeyPair issuerKeys) {
        return Certificates.sign(spec("leaf", false, "digital signature", "client auth"),
                Keys.generate(KeyType.ECDSA_P256, random).getPublic(), issuer, issuerKeys.getPrivate(), random);
    }

    private static CertificateSpec spec(String cn, boolean ca, String... usages) {
        return CertificateSpec.builder(Subject.of(cn)).ca(ca).usages(usages)
                .validity(TestPki.NOT_BEFORE, TestPki.NOT_AFTER).build();
    }
}
