package io.bootsim.core.pki;

import io.bootsim.core.random.RandomStreams;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PemTest {

    private static final TestPki PKI = TestPki.ca("pem-test");

    @Test
    void encodesLikeGoPemEncode() {
        byte[] der = new byte[100];
        String pem = Pem.encode("CERTIFICATE", der);
        String[] lines = pem.split("\n", -1);
        assertEquals("-----BEGIN CERTIFICATE-----", lines[0]);
        assertEquals(64, lines[1].length());
        assertEquals("-----END CERTIFICATE-----", lines[lines.length - 2]);
        assertEquals("", lines[lines.length - 1]);
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"RSA_2048", "ECDSA_P256", "ECDSA_P384"})
    void privateKeyRoundTripsInKubernetesAndPkcs8Forms(KeyType type) throws Exception {
        PrivateKey key = Keys.generate(type, RandomStreams.seeded(1).stream("pem")).getPrivate();
        String kubernetesForm = Pem.encodePrivateKey(key);
        assertTrue(kubernetesForm.startsWith(type.isEcdsa() ? "-----BEGIN EC PRIVATE KEY-----"
                : "-----BEGIN RSA PRIVATE KEY-----"), kubernetesForm);
        assertArrayEquals(key.getEncoded(), Pem.privateKey(bytes(kubernetesForm), "k").getEncoded());
        assertArrayEquals(key.getEncoded(), Pem.privateKey(bytes(Pem.encodePkcs8(key)), "k").getEncoded());
    }

    @Test
    void ecParametersBlockBeforeTheKeyIsAccepted() throws Exception {
        PrivateKey key = PKI.caKey();
        String openssl = Pem.encode("EC PARAMETERS", X9ObjectIdentifiers.prime256v1.getEncoded())
                + Pem.encodePrivateKey(key);
        assertArrayEquals(key.getEncoded(), Pem.privateKey(bytes(openssl), "ca-key.pem").getEncoded());
    }

    @Test
    void bundleYieldsEveryCertificateInOrderAndSkipsOtherBlocks() throws Exception {
        CertificateAndKey leaf = PKI.client("alice", "devs");
        String bundle = "subject=CN = alice\n" + Pem.encodeCertificate(leaf.certificate())
                + Pem.encodePrivateKey(leaf.privateKey()) + "\r\n" + Pem.encodeCertificate(PKI.caCertificate());
        List<X509Certificate> certs = Pem.certificates(bytes(bundle), "bundle.pem");
        assertEquals(List.of(leaf.certificate(), PKI.caCertificate()), certs);
    }

    @Test
    void legacyNewCertificateRequestHeaderIsRead() throws Exception {
        KeyPair key = Keys.generate(KeyType.ECDSA_P256, RandomStreams.seeded(1).stream("csr"));
        CertificateRequest csr = CertificateRequest.create(key, Subject.of("legacy"), List.of(), List.of(),
                RandomStreams.seeded(1).stream("csr"));
        String pem = Pem.encode("NEW CERTIFICATE REQUEST", csr.encoded());
        assertEquals("legacy", Pem.certificateRequest(bytes(pem), "old.csr").subject().commonName());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "empty            | ''                    | f.pem: no PEM data found: the data is empty",
            "not pem          | 'hello world\nmore'   | f.pem: no PEM data found: expected a line like \"-----BEGIN CERTIFICATE-----\", first line is \"hello world\"",
            "truncated        | '-----BEGIN CERTIFICATE-----\nMIIB\nAAAA' | f.pem: line 1: PEM block \"CERTIFICATE\" has no END line (the data ends at line 3); is the file truncated?",
            "next block       | 'x\n-----BEGIN CERTIFICATE-----\nAAAA\n-----BEGIN CERTIFICATE-----' | f.pem: line 2: PEM block \"CERTIFICATE\" has no END line (another block begins at line 4); is the file truncated?",
            "wrong END        | '-----BEGIN CERTIFICATE-----\nAAAA\n-----END PRIVATE KEY-----' | f.pem: line 3: PEM block \"CERTIFICATE\" begun at line 1 ends with \"-----END PRIVATE KEY-----\", expected \"-----END CERTIFICATE-----\"",
            "bad base64       | '-----BEGIN CERTIFICATE-----\nA!!A\n-----END CERTIFICATE-----' | f.pem: line 1: PEM block \"CERTIFICATE\" is not valid base64: ",
            "not a cert       | '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----' | f.pem: line 1: \"CERTIFICATE\" block is not a valid X.509 certificate: ",
            "only other types | '-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----' | f.pem: no \"CERTIFICATE\" PEM block found; found \"OPENSSH PRIVATE KEY\" (line 1)"})
    void badCertificateInputGivesAClearError(String name, String input, String expected) {
        PemException e = assertThrows(PemException.class, () -> Pem.certificates(bytes(input.replace("\\n", "\n")), "f.pem"));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }

    @Test
    void binaryDerIsRecognisedAndTheConversionNamed() throws Exception {
        PemException e = assertThrows(PemException.class,
                () -> Pem.certificates(PKI.caCertificate().getEncoded(), "ca.crt"));
        assertEquals("ca.crt: no PEM data found: the data looks like binary DER (starts with 0x30); convert it with:"
                + " openssl x509 -inform DER -in FILE", e.getMessage());
    }

    @Test
    void encryptedKeysAreRefusedWithAHint() {
        String legacy = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n"
                + "-----END RSA PRIVATE KEY-----\n";
        String pkcs8 = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n";
        for (String input : List.of(legacy, pkcs8)) {
            PemException e = assertThrows(PemException.class, () -> Pem.privateKey(bytes(input), "key.pem"));
            assertTrue(e.getMessage().startsWith("key.pem: line 1: \"") && e.getMessage().contains(
                    "is encrypted; Kubernetes reads only unencrypted keys (decrypt it with: openssl pkey"), e.getMessage());
        }
    }

    @Test
    void fileWithoutKeyListsWhatItHolds() {
        PemException e = assertThrows(PemException.class, () -> Pem.privateKey(bytes(PKI.caPem()), "key.pem"));
        assertEquals("key.pem: no private key found; found \"CERTIFICATE\" (line 1), expected one of "
                + "\"RSA PRIVATE KEY\", \"EC PRIVATE KEY\", \"PRIVATE KEY\"", e.getMessage());
    }

    @Test
    void keyOnACurveGoCannotReadIsRefused() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC", Providers.BC);
        gen.initialize(new ECGenParameterSpec("secp256k1"), RandomStreams.seeded(1).stream("k1"));
        String pem = Pem.encodePkcs8(gen.generateKeyPair().getPrivate());
        PemException e = assertThrows(PemException.class, () -> Pem.privateKey(bytes(pem), "k1.pem"));
        assertEquals("k1.pem: line 1: EC key on an unsupported curve (" + SECObjectIdentifiers.secp256k1
                + "); Kubernetes (Go's crypto/x509) accepts only the named curves P-224, P-256, P-384 and P-521",
                e.getMessage());
    }

    @Test
    void ed25519KeyIsRefusedAsUnsupported() throws Exception {
        PrivateKey ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate();
        PemException e = assertThrows(PemException.class, () -> Pem.privateKey(bytes(Pem.encodePkcs8(ed)), "ed.pem"));
        assertEquals("ed.pem: line 1: unsupported private key algorithm 1.3.101.112; only RSA and ECDSA keys are supported",
                e.getMessage());
    }

    @Test
    void pkcs1BlockThatIsNotAKeyNamesTheFormat() {
        String pem = Pem.encode("RSA PRIVATE KEY", Base64.getDecoder().decode("MAMCAQE="));
        PemException e = assertThrows(PemException.class, () -> Pem.privateKey(bytes(pem), "rsa.key"));
        assertTrue(e.getMessage().startsWith("rsa.key: line 1: \"RSA PRIVATE KEY\" block is not a PKCS#1 RSA private key"),
                e.getMessage());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
