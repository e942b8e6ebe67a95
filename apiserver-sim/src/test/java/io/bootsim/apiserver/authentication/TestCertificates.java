package io.bootsim.apiserver.authentication;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** Small certificates for x509 tests, issued with BouncyCastle (EC P-256, SHA256withECDSA). */
final class TestCertificates {

    record Issued(X509Certificate certificate, KeyPair key) {
    }

    /** Subject CN, then every O, then every UID attribute, in that order. */
    record Subject(String cn, List<String> organizations, List<String> uids) {
        static Subject cn(String cn, String... orgs) {
            return new Subject(cn, List.of(orgs), List.of());
        }

        X500Name x500() {
            X500NameBuilder b = new X500NameBuilder(BCStyle.INSTANCE);
            if (!cn.isEmpty()) {
                b.addRDN(BCStyle.CN, cn);
            }
            organizations.forEach(o -> b.addRDN(BCStyle.O, o));
            uids.forEach(u -> b.addRDN(BCStyle.UID, u));
            return b.build();
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom(new byte[] {42}); // test keys only
    private static long serial = 1000;

    private TestCertificates() {
    }

    static KeyPair newKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static Issued selfSignedCa(Subject subject, Instant notBefore, Instant notAfter) {
        KeyPair key = newKey();
        return build(subject.x500(), key, subject.x500(), key, null, true, List.of(), notBefore, notAfter);
    }

    /** A certificate for {@code subject} signed by {@code issuer}; {@code ekus} empty = no EKU extension. */
    static Issued issue(Issued issuer, Subject subject, boolean ca, List<KeyPurposeId> ekus, Instant notBefore, Instant notAfter) {
        return build(X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded()), issuer.key(),
                subject.x500(), newKey(), issuer.certificate(), ca, ekus, notBefore, notAfter);
    }

    private static synchronized Issued build(X500Name issuerName, KeyPair issuerKey, X500Name subject, KeyPair key,
                                             X509Certificate issuerCert, boolean ca, List<KeyPurposeId> ekus,
                                             Instant notBefore, Instant notAfter) {
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName, BigInteger.valueOf(serial++),
                    Date.from(notBefore), Date.from(notAfter), subject, key.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key.getPublic()));
            b.addExtension(Extension.authorityKeyIdentifier, false, issuerCert == null
                    ? ext.createAuthorityKeyIdentifier(key.getPublic())
                    : ext.createAuthorityKeyIdentifier(issuerCert));
            if (!ekus.isEmpty()) {
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(ekus.toArray(KeyPurposeId[]::new)));
            }
            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
            return new Issued(cert, key);
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue test certificate", e);
        }
    }
}
