package io.bootsim.core.pki;

import io.bootsim.core.random.RandomStreams;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A CA and leaf certificates in one line each, for tests in every module:
 * {@code TestPki ca = TestPki.ca("kubernetes"); CertificateAndKey node = ca.client("system:node:n1", "system:nodes");}
 * Keys are ECDSA P-256 and everything is seeded by the CA's name, so the same calls give the same
 * bytes. The default validity (2020 to 2100) covers both virtual clocks and the wall clock the JDK's
 * TLS trust manager checks against.
 */
public final class TestPki {

    public static final Instant NOT_BEFORE = Instant.parse("2020-01-01T00:00:00Z");
    public static final Instant NOT_AFTER = Instant.parse("2100-01-01T00:00:00Z");

    private final CertificateAndKey ca;
    private final SecureRandom random;
    private final Instant notBefore;
    private final Instant notAfter;

    private TestPki(CertificateAndKey ca, SecureRandom random, Instant notBefore, Instant notAfter) {
        this.ca = ca;
        this.random = random;
        this.notBefore = notBefore;
        this.notAfter = notAfter;
    }

    public static TestPki ca(String commonName) {
        return ca(commonName, NOT_BEFORE, NOT_AFTER);
    }

    /** A CA whose certificate, and every leaf it issues, is valid from {@code notBefore} to {@code notAfter}. */
    public static TestPki ca(String commonName, Instant notBefore, Instant notAfter) {
        SecureRandom random = RandomStreams.seeded(1).stream("test-pki/" + commonName);
        KeyPair keys = Keys.generate(KeyType.ECDSA_P256, random);
        CertificateSpec spec = CertificateSpec.builder(Subject.of(commonName))
                .usages("digital signature", "key encipherment", "cert sign")
                .ca(true).validity(notBefore, notAfter).build();
        X509Certificate cert = Certificates.selfSigned(spec, keys, random);
        return new TestPki(new CertificateAndKey(cert, keys.getPrivate()), random, notBefore, notAfter);
    }

    public X509Certificate caCertificate() {
        return ca.certificate();
    }

    public PrivateKey caKey() {
        return ca.privateKey();
    }

    public CertificateAndKey caPair() {
        return ca;
    }

    /** The CA certificate as a PEM file's content (what --client-ca-file points at). */
    public String caPem() {
        return Pem.encodeCertificate(ca.certificate());
    }

    /** A client certificate: CN is the user, each organization a group. */
    public CertificateAndKey client(String commonName, String... organizations) {
        return issue(CertificateSpec.builder(Subject.of(commonName, organizations))
                .usages("digital signature", "key encipherment", "client auth"));
    }

    /** A serving certificate for host names and IP literals; the first one is also the CN. */
    public CertificateAndKey server(String... hosts) {
        CertificateSpec.Builder spec = CertificateSpec.builder(Subject.of(hosts[0]))
                .usages("digital signature", "key encipherment", "server auth");
        List<String> dns = new ArrayList<>();
        for (String host : hosts) {
            if (org.bouncycastle.util.IPAddress.isValid(host)) {
                spec.ipAddresses(host);
            } else {
                dns.add(host);
            }
        }
        return issue(spec.dnsNames(dns.toArray(String[]::new)));
    }

    /** Any certificate this CA signs for a new P-256 key; the builder's validity is set here. */
    public CertificateAndKey issue(CertificateSpec.Builder spec) {
        KeyPair keys = Keys.generate(KeyType.ECDSA_P256, random);
        X509Certificate cert = Certificates.sign(spec.validity(notBefore, notAfter).build(), keys.getPublic(),
                ca.certificate(), ca.privateKey(), random);
        return new CertificateAndKey(List.of(cert), keys.getPrivate());
    }
}
