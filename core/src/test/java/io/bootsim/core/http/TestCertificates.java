package io.bootsim.core.http;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/** Just enough PKI for the client's tests: EC P-256 CAs and leaves with chosen names and validity. */
final class TestCertificates {

    static final Instant NOW = Instant.parse("2018-01-01T00:00:00Z");
    private static final SecureRandom RANDOM = io.bootsim.core.random.RandomStreams.seeded(1).stream("http-test-keys");
    private static long serial = 1;

    record Issued(X509Certificate certificate, KeyPair keys) {
    }

    static KeyPair keys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Issued ca(String cn) {
        return issue(cn, null, true, NOW.minusSeconds(86_400), NOW.plusSeconds(365 * 86_400L), List.of(), null);
    }

    /** A serving certificate: {@code sans} entries that look like IPs become IP SANs, others DNS SANs. */
    static Issued server(Issued ca, String cn, Instant notBefore, Instant notAfter, String... sans) {
        return issue(cn, ca, false, notBefore, notAfter, List.of(sans), KeyPurposeId.id_kp_serverAuth);
    }

    static Issued server(Issued ca, String... sans) {
        return server(ca, "kube-apiserver", NOW.minusSeconds(3600), NOW.plusSeconds(365 * 86_400L), sans);
    }

    static Issued client(Issued ca, String cn) {
        return issue(cn, ca, false, NOW.minusSeconds(3600), NOW.plusSeconds(365 * 86_400L), List.of(),
                KeyPurposeId.id_kp_clientAuth);
    }

    private static synchronized Issued issue(String cn, Issued issuer, boolean isCa, Instant notBefore,
                                             Instant notAfter, List<String> sans, KeyPurposeId usage) {
        try {
            KeyPair keys = keys();
            X500Name subject = new X500Name("CN=" + cn);
            X500Name issuerName = issuer == null ? subject
                    : new X500Name(issuer.certificate().getSubjectX500Principal().getName());
            var builder = new JcaX509v3CertificateBuilder(issuerName, BigInteger.valueOf(serial++),
                    Date.from(notBefore), Date.from(notAfter), subject, keys.getPublic());
            if (isCa) {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            }
            if (!sans.isEmpty()) {
                List<GeneralName> names = new ArrayList<>();
                for (String san : sans) {
                    names.add(san.matches("[0-9.]+|.*:.*") ? new GeneralName(GeneralName.iPAddress, san)
                            : new GeneralName(GeneralName.dNSName, san));
                }
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(names.toArray(GeneralName[]::new)));
            }
            if (usage != null) {
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(usage));
            }
            var signer = new JcaContentSignerBuilder("SHA256withECDSA")
                    .build(issuer == null ? keys.getPrivate() : issuer.keys().getPrivate());
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            return new Issued(cert, keys);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
