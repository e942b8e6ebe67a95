package io.bootsim.core.pki;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The files of the classic "Kubernetes the hard way" cfssl setup are read and usable as a cluster CA. */
class CfsslInteropTest {

    @TempDir
    Path dir;
    private ExternalTool cfssl;
    private ExternalTool cfssljson;
    private final SecureRandom random = io.bootsim.core.random.RandomStreams.seeded(11).stream("cfssl");

    @BeforeEach
    void requireCfssl() {
        cfssl = ExternalTool.require("cfssl");
        cfssljson = ExternalTool.require("cfssljson");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"ecdsa, 256, EC PRIVATE KEY", "rsa, 2048, RSA PRIVATE KEY"})
    void cfsslCaSignsNodeCertificates(String algo, int size, String keyBlock) throws Exception {
        Files.writeString(dir.resolve("ca-csr.json"), "{\"CN\":\"kubernetes\",\"key\":{\"algo\":\"" + algo
                + "\",\"size\":" + size + "},\"names\":[{\"O\":\"Kubernetes\",\"OU\":\"CA\",\"C\":\"US\"}]}");
        bare(cfssl.run(dir, "gencert", "-initca", "ca-csr.json").ok().stdout(), "ca");

        byte[] keyFile = Files.readAllBytes(dir.resolve("ca-key.pem"));
        assertEquals(keyBlock, Pem.decode(keyFile, "ca-key.pem").get(0).type());
        PrivateKey caKey = Pem.privateKey(keyFile, "ca-key.pem");
        X509Certificate ca = Pem.certificates(Files.readAllBytes(dir.resolve("ca.pem")), "ca.pem").get(0);
        CertificateAndKey.parse(Files.readAllBytes(dir.resolve("ca.pem")), "ca.pem", keyFile, "ca-key.pem");
        assertEquals(new Subject("kubernetes", List.of("Kubernetes"), List.of("CA"), List.of("US"), List.of(), List.of(),
                List.of(), List.of(), ""), Subject.from(org.bouncycastle.asn1.x500.X500Name.getInstance(
                ca.getSubjectX500Principal().getEncoded())));
        assertDoesNotThrow(Pem.certificateRequest(Files.readAllBytes(dir.resolve("ca.csr")), "ca.csr")::checkSignature);

        Instant from = ca.getNotBefore().toInstant();
        X509Certificate leaf = Certificates.sign(CertificateSpec.builder(Subject.of("system:node:n1", "system:nodes"))
                        .usages("digital signature", "client auth").validity(from, from.plusSeconds(3600)).build(),
                Keys.generate(KeyType.ECDSA_P256, random).getPublic(), ca, caKey, random);
        leaf.verify(ca.getPublicKey());

        Files.writeString(dir.resolve("n1.pem"), Pem.encodeCertificate(leaf));
        String info = cfssl.run(dir, "certinfo", "-cert", "n1.pem").ok().stdout();
        assertTrue(info.contains("\"common_name\": \"system:node:n1\"") && info.contains("\"organization\": \"system:nodes\""),
                info);
    }

    @Test
    void cfsslGenkeyCsrIsParsedWithItsHosts() throws Exception {
        Files.writeString(dir.resolve("csr.json"), "{\"CN\":\"system:node:worker-0\",\"hosts\":[\"worker-0\",\"10.240.0.20\"],"
                + "\"key\":{\"algo\":\"ecdsa\",\"size\":256},\"names\":[{\"O\":\"system:nodes\"}]}");
        bare(cfssl.run(dir, "genkey", "csr.json").ok().stdout(), "worker-0");
        CertificateRequest csr = Pem.certificateRequest(Files.readAllBytes(dir.resolve("worker-0.csr")), "worker-0.csr");
        assertEquals(Subject.of("system:node:worker-0", "system:nodes"), csr.subject());
        assertEquals(List.of("worker-0"), csr.dnsNames());
        assertEquals(List.of(InetAddress.getByName("10.240.0.20")), csr.ipAddresses());
        assertDoesNotThrow(csr::checkSignature);
        PrivateKey key = Pem.privateKey(Files.readAllBytes(dir.resolve("worker-0-key.pem")), "worker-0-key.pem");
        assertEquals(csr.publicKey().getEncoded().length, Keys.publicKey(key).getEncoded().length);
    }

    /** cfssljson -bare, reading cfssl's JSON response from a file instead of a pipe. */
    private void bare(String cfsslResponse, String prefix) throws Exception {
        Files.writeString(dir.resolve(prefix + ".json"), cfsslResponse);
        cfssljson.run(dir, "-f", prefix + ".json", "-bare", prefix).ok();
    }
}
