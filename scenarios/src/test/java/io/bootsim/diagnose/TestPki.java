package io.bootsim.diagnose;

import io.bootsim.core.pki.CertificateAndKey;
import io.bootsim.core.pki.CertificateSpec;
import io.bootsim.core.pki.Certificates;
import io.bootsim.core.pki.KeyType;
import io.bootsim.core.pki.Keys;
import io.bootsim.core.pki.Pem;
import io.bootsim.core.pki.Subject;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;

/** Certificates as kubeadm or cfssl would have made them for a test machine, issued at {@link #ISSUED}. */
final class TestPki {

    static final Instant ISSUED = Instant.parse("2024-03-01T00:00:00Z");
    private static final SecureRandom RANDOM = new SecureRandom(new byte[] {7});

    private TestPki() {
    }

    static CertificateAndKey ca(String cn, Duration validFor) {
        KeyPair kp = Keys.generate(KeyType.ECDSA_P256, RANDOM);
        CertificateSpec spec = CertificateSpec.builder(Subject.of(cn)).ca(true)
                .usages("digital signature", "key encipherment", "cert sign").validity(ISSUED, ISSUED.plus(validFor)).build();
        return new CertificateAndKey(Certificates.selfSigned(spec, kp, RANDOM), kp.getPrivate());
    }

    static CertificateAndKey issue(CertificateAndKey ca, Subject subject, String[] dns, String[] ips, String... usages) {
        KeyPair kp = Keys.generate(KeyType.ECDSA_P256, RANDOM);
        CertificateSpec spec = CertificateSpec.builder(subject).dnsNames(dns).ipAddresses(ips).usages(usages)
                .validity(ISSUED, ISSUED.plus(Duration.ofDays(365))).build();
        return new CertificateAndKey(Certificates.sign(spec, kp.getPublic(), ca.certificate(), ca.privateKey(), RANDOM),
                kp.getPrivate());
    }

    static CertificateAndKey client(CertificateAndKey ca, String cn, String... o) {
        return issue(ca, Subject.of(cn, o), new String[0], new String[0], "digital signature", "key encipherment", "client auth");
    }

    static String cert(CertificateAndKey pair) {
        return Pem.encodeCertificate(pair.certificate());
    }

    static String key(CertificateAndKey pair) {
        return Pem.encodePrivateKey(pair.privateKey());
    }
}
