package io.bootsim.core.pki;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Issues X.509 certificates the way Go's x509.CreateCertificate lays them out, which is what
 * kube-controller-manager's signer and kubeadm produce: key usage (critical), extended key usage,
 * basic constraints (critical), subject key id on CA certificates only, authority key id from the
 * issuer's subject key id, then the SANs (critical only when the subject is empty).
 */
// upstream: go src/crypto/x509/x509.go buildCertExtensions
public final class Certificates {

    private Certificates() {
    }

    /** A certificate for {@code keyPair} signed by itself: a CA when {@code spec.isCA()}. */
    public static X509Certificate selfSigned(CertificateSpec spec, KeyPair keyPair, SecureRandom random) {
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(keyPair.getPublic().getEncoded());
        X500Name name = spec.subject().toX500Name();
        return build(spec, name, name, spki, null, keyPair.getPrivate(), random);
    }

    /**
     * A certificate for {@code subjectPublicKey} signed by {@code issuer}/{@code issuerKey}; the
     * signature algorithm follows the issuer's key (SHA256withRSA for an RSA CA).
     */
    public static X509Certificate sign(CertificateSpec spec, PublicKey subjectPublicKey,
                                       X509Certificate issuer, PrivateKey issuerKey, SecureRandom random) {
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(subjectPublicKey.getEncoded());
        X500Name issuerName = X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
        byte[] issuerKeyId = subjectKeyId(issuer);
        return build(spec, issuerName, spec.subject().toX500Name(), spki, issuerKeyId, issuerKey, random);
    }

    private static X509Certificate build(CertificateSpec spec, X500Name issuer, X500Name subject,
                                         SubjectPublicKeyInfo spki, byte[] authorityKeyId,
                                         PrivateKey signingKey, SecureRandom random) {
        KeyUsages usages = KeyUsages.fromStrings(spec.usages());
        // upstream: pkg/controller/certificates/authority/authority.go (serial in [0, 2^128))
        BigInteger serial = spec.serialNumber() != null ? spec.serialNumber() : new BigInteger(128, random);
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(issuer, serial,
                Date.from(spec.notBefore()), Date.from(spec.notAfter()), subject, spki);
        try {
            if (usages.keyUsage() != 0) {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(usages.keyUsage()));
            }
            if (!usages.extKeyUsages().isEmpty()) {
                builder.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(usages.extKeyUsages().toArray(KeyPurposeId[]::new)));
            }
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(spec.isCA()));
            if (spec.isCA()) {
                builder.addExtension(Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(sha1(spki)));
            }
            if (authorityKeyId != null) {
                builder.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(authorityKeyId));
            }
            if (spec.hasSubjectAltNames()) {
                builder.addExtension(Extension.subjectAlternativeName, spec.subject().isEmpty(), subjectAltNames(
                        spec.dnsNames(), spec.emailAddresses(), spec.ipAddresses(), spec.uris()));
            }
        } catch (CertIOException e) {
            throw new IllegalStateException("encoding a certificate extension cannot fail for valid values", e);
        }
        try {
            return toX509(builder.build(Providers.signer(signingKey, random)).getEncoded());
        } catch (IOException e) {
            throw new IllegalStateException("encoding a signed certificate cannot fail", e);
        }
    }

    /** SANs in Go's order: DNS names, email addresses, IP addresses, URIs. */
    // upstream: go src/crypto/x509/x509.go marshalSANs
    static GeneralNames subjectAltNames(List<String> dns, List<String> emails, List<InetAddress> ips, List<URI> uris) {
        List<GeneralName> names = new ArrayList<>(dns.size() + emails.size() + ips.size() + uris.size());
        dns.forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
        emails.forEach(e -> names.add(new GeneralName(GeneralName.rfc822Name, e)));
        ips.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, new DEROctetString(ip.getAddress()))));
        uris.forEach(u -> names.add(new GeneralName(GeneralName.uniformResourceIdentifier, u.toString())));
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    /** DER to a JDK certificate, the form TLS key and trust managers take. */
    static X509Certificate toX509(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK rejected a certificate BouncyCastle just encoded", e);
        }
    }

    /** The issuer's subject key identifier, or null when it has none (Go then writes no authority key id). */
    private static byte[] subjectKeyId(X509Certificate issuer) {
        byte[] ext = issuer.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (ext == null) {
            return null;
        }
        return SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getKeyIdentifier();
    }

    // RFC 5280 4.2.1.2 method 1, as Go computes a CA's subject key id
    private static byte[] sha1(SubjectPublicKeyInfo spki) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(spki.getPublicKeyData().getBytes());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }
}
