package io.bootsim.core.pki;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Files openssl writes are read; what bootsim writes, openssl reads and verifies. */
class OpensslInteropTest {

    @TempDir
    Path dir;
    private ExternalTool openssl;
    private final SecureRandom random = io.bootsim.core.random.RandomStreams.seeded(9).stream("openssl");

    @BeforeEach
    void requireOpenssl() {
        openssl = ExternalTool.require("openssl");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "genrsa -traditional (PKCS#1)       | RSA PRIVATE KEY | genrsa -traditional -out k.pem 2048",
            "genrsa, OpenSSL 3 default (PKCS#8) | PRIVATE KEY     | genrsa -out k.pem 2048",
            "ecparam -genkey (with EC PARAMETERS) | EC PARAMETERS | ecparam -name prime256v1 -genkey -out k.pem",
            "ecparam -genkey -noout (SEC 1)     | EC PRIVATE KEY  | ecparam -name secp384r1 -genkey -noout -out k.pem",
            "genpkey EC P-384 (PKCS#8)          | PRIVATE KEY     | genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out k.pem"})
    void privateKeysWrittenByOpensslAreRead(String name, String firstBlock, String command) throws Exception {
        openssl.run(dir, command.split(" ")).ok();
        byte[] data = Files.readAllBytes(dir.resolve("k.pem"));
        assertEquals(firstBlock, Pem.decode(data, "k.pem").get(0).type());
        PrivateKey key = Pem.privateKey(data, "k.pem");
        // the key is usable: it signs a CSR that verifies
        KeyPair pair = Keys.keyPair(key);
        assertDoesNotThrow(CertificateRequest.create(pair, Subject.of("x"), List.of(), List.of(), random)::checkSignature);
    }

    @Test
    void csrWrittenByOpensslIsParsedWithEverySanAndVerifies() throws Exception {
        openssl.run(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "n1.key").ok();
        openssl.run(dir, "req", "-new", "-key", "n1.key", "-subj", "/O=system:nodes/CN=system:node:n1",
                "-addext", "subjectAltName=DNS:n1,IP:10.0.0.1,email:n1@example.com,URI:spiffe://c/n1",
                "-out", "n1.csr").ok();
        CertificateRequest csr = Pem.certificateRequest(Files.readAllBytes(dir.resolve("n1.csr")), "n1.csr");
        assertEquals(Subject.of("system:node:n1", "system:nodes"), csr.subject());
        assertEquals(List.of("n1"), csr.dnsNames());
        assertEquals(List.of(InetAddress.getByName("10.0.0.1")), csr.ipAddresses());
        assertEquals(List.of("n1@example.com"), csr.emailAddresses());
        assertEquals(List.of(URI.create("spiffe://c/n1")), csr.uris());
        assertDoesNotThrow(csr::checkSignature);
    }

    @Test
    void legacyNewCertificateRequestFromOpensslIsRead() throws Exception {
        openssl.run(dir, "req", "-new", "-newhdr", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "k.pem", "-subj", "/CN=legacy", "-out", "old.csr").ok();
        byte[] data = Files.readAllBytes(dir.resolve("old.csr"));
        assertEquals("NEW CERTIFICATE REQUEST", Pem.decode(data, "old.csr").get(0).type());
        assertEquals("legacy", Pem.certificateRequest(data, "old.csr").subject().commonName());
    }

    @Test
    void certificatesWeIssuePassOpensslVerifyAndShowSubjectSansAndUsages() throws Exception {
        TestPki pki = TestPki.ca("kubernetes");
        CertificateAndKey serving = pki.issue(CertificateSpec.builder(Subject.of("system:node:n1", "system:nodes"))
                .dnsNames("n1").ipAddresses("10.0.0.1").usages("digital signature", "key encipherment", "server auth"));
        Files.writeString(dir.resolve("ca.pem"), pki.caPem());
        Files.writeString(dir.resolve("n1.pem"), serving.encode());

        assertEquals("n1.pem: OK", openssl.run(dir, "verify", "-CAfile", "ca.pem", "n1.pem").ok().stdout().strip());
        String text = openssl.run(dir, "x509", "-in", "n1.pem", "-noout", "-text").ok().stdout();
        assertTrue(text.contains("Subject: O = system:nodes, CN = system:node:n1"), text);
        assertTrue(text.contains("Issuer: CN = kubernetes"), text);
        assertTrue(text.contains("DNS:n1, IP Address:10.0.0.1"), text);
        assertTrue(text.contains("X509v3 Key Usage: critical\n                Digital Signature, Key Encipherment"), text);
        assertTrue(text.contains("X509v3 Extended Key Usage: \n                TLS Web Server Authentication"), text);
        assertTrue(text.contains("X509v3 Basic Constraints: critical\n                CA:FALSE"), text);
        assertTrue(text.contains("Signature Algorithm: ecdsa-with-SHA256"), text);
        // the combined file's key block is the leaf's key
        openssl.run(dir, "pkey", "-in", "n1.pem", "-check", "-noout").ok();
        String certKey = openssl.run(dir, "x509", "-in", "n1.pem", "-noout", "-pubkey").ok().stdout();
        String fileKey = openssl.run(dir, "pkey", "-in", "n1.pem", "-pubout").ok().stdout();
        assertEquals(certKey, fileKey);
    }

    @Test
    void certificateSignedByAnOpensslCaVerifiesInOpenssl() throws Exception {
        openssl.run(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-subj", "/CN=openssl-ca",
                "-days", "2", "-out", "ca.crt").ok();
        X509Certificate ca = Pem.certificates(Files.readAllBytes(dir.resolve("ca.crt")), "ca.crt").get(0);
        PrivateKey caKey = Pem.privateKey(Files.readAllBytes(dir.resolve("ca.key")), "ca.key");
        KeyPair node = Keys.generate(KeyType.ECDSA_P256, random);
        java.time.Instant now = ca.getNotBefore().toInstant();
        X509Certificate leaf = Certificates.sign(CertificateSpec.builder(Subject.of("system:node:n2", "system:nodes"))
                .usages("digital signature", "client auth").validity(now, now.plusSeconds(3600)).build(),
                node.getPublic(), ca, caKey, random);
        Files.writeString(dir.resolve("leaf.pem"), Pem.encodeCertificate(leaf));
        assertEquals("leaf.pem: OK", openssl.run(dir, "verify", "-CAfile", "ca.crt", "leaf.pem").ok().stdout().strip());
        assertEquals("SHA256withRSA", leaf.getSigAlgName());
    }

    @Test
    void csrAndKeysWeWriteAreReadByOpenssl() throws Exception {
        for (KeyType type : List.of(KeyType.RSA_2048, KeyType.ECDSA_P384)) {
            KeyPair key = Keys.generate(type, random);
            CertificateRequest csr = CertificateRequest.create(key, Subject.of("system:node:n3", "system:nodes"),
                    List.of("n3"), List.of(), random);
            Files.writeString(dir.resolve("n3.csr"), Pem.encodeCertificateRequest(csr));
            Files.writeString(dir.resolve("n3.key"), Pem.encodePrivateKey(key.getPrivate()));
            Files.writeString(dir.resolve("n3.p8"), Pem.encodePkcs8(key.getPrivate()));
            String out = openssl.run(dir, "req", "-in", "n3.csr", "-noout", "-verify", "-subject").ok().stdout()
                    + openssl.run(dir, "req", "-in", "n3.csr", "-noout", "-verify").ok().stderr();
            assertTrue(out.contains("subject=O = system:nodes, CN = system:node:n3"), out);
            assertTrue(out.contains("verify OK"), out);
            openssl.run(dir, "pkey", "-in", "n3.key", "-check", "-noout").ok();
            openssl.run(dir, "pkey", "-in", "n3.p8", "-check", "-noout").ok();
        }
    }

    @Test
    void encryptedKeysFromOpensslAreRefusedWithAHint() throws Exception {
        openssl.run(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-aes256",
                "-pass", "pass:secret", "-out", "pkcs8.key").ok();
        openssl.run(dir, "genrsa", "-traditional", "-aes128", "-passout", "pass:secret", "-out", "legacy.key", "2048").ok();
        for (String file : List.of("pkcs8.key", "legacy.key")) {
            PemException e = assertThrows(PemException.class,
                    () -> Pem.privateKey(Files.readAllBytes(dir.resolve(file)), file));
            assertTrue(e.getMessage().startsWith(file + ": line 1: ") && e.getMessage().contains("is encrypted"),
                    e.getMessage());
        }
    }

    @Test
    void derCertificateFromOpensslGetsAConversionHint() throws Exception {
        Files.writeString(dir.resolve("ca.pem"), TestPki.ca("kubernetes").caPem());
        openssl.run(dir, "x509", "-in", "ca.pem", "-outform", "DER", "-out", "ca.der").ok();
        PemException e = assertThrows(PemException.class,
                () -> Pem.certificates(Files.readAllBytes(dir.resolve("ca.der")), "ca.der"));
        assertTrue(e.getMessage().startsWith("ca.der: no PEM data found: the data looks like binary DER"), e.getMessage());
    }
}
