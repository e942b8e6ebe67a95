package io.bootsim.core.pki;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A PKCS#10 certificate signing request, read the way Go's x509.ParseCertificateRequest reads it:
 * the subject, the SANs from the extensionRequest attribute, the public key, and a signature that
 * {@link #checkSignature()} verifies. Immutable; the DER is kept, so encoding never re-signs.
 */
public final class CertificateRequest {

    private static final Map<ASN1ObjectIdentifier, String> ECDSA_SIGNATURES = Map.of(
            X9ObjectIdentifiers.ecdsa_with_SHA256, "SHA256withECDSA",
            X9ObjectIdentifiers.ecdsa_with_SHA384, "SHA384withECDSA",
            X9ObjectIdentifiers.ecdsa_with_SHA512, "SHA512withECDSA");

    private final PKCS10CertificationRequest request;
    private final Subject subject;
    private final List<String> dnsNames;
    private final List<String> emailAddresses;
    private final List<InetAddress> ipAddresses;
    private final List<URI> uris;
    private final PublicKey publicKey;

    private CertificateRequest(PKCS10CertificationRequest request, Subject subject, List<String> dnsNames,
                               List<String> emailAddresses, List<InetAddress> ipAddresses, List<URI> uris,
                               PublicKey publicKey) {
        this.request = request;
        this.subject = subject;
        this.dnsNames = List.copyOf(dnsNames);
        this.emailAddresses = List.copyOf(emailAddresses);
        this.ipAddresses = List.copyOf(ipAddresses);
        this.uris = List.copyOf(uris);
        this.publicKey = publicKey;
    }

    /** A CSR like the kubelet's: subject and optional DNS/IP SANs, signed with the pair's private key. */
    public static CertificateRequest create(KeyPair keyPair, Subject subject, List<String> dnsNames,
                                            List<InetAddress> ipAddresses, SecureRandom random) {
        return create(keyPair, subject, dnsNames, ipAddresses, List.of(), List.of(), random);
    }

    /** A CSR with every SAN kind; email and URI SANs are what the kubelet signers must reject. */
    public static CertificateRequest create(KeyPair keyPair, Subject subject, List<String> dnsNames,
                                            List<InetAddress> ipAddresses, List<String> emailAddresses,
                                            List<URI> uris, SecureRandom random) {
        PKCS10CertificationRequestBuilder builder =
                new JcaPKCS10CertificationRequestBuilder(subject.toX500Name(), keyPair.getPublic());
        if (!dnsNames.isEmpty() || !ipAddresses.isEmpty() || !emailAddresses.isEmpty() || !uris.isEmpty()) {
            ExtensionsGenerator extensions = new ExtensionsGenerator();
            try {
                extensions.addExtension(Extension.subjectAlternativeName, false,
                        Certificates.subjectAltNames(dnsNames, emailAddresses, ipAddresses, uris));
            } catch (IOException e) {
                throw new IllegalStateException("encoding SANs cannot fail for valid values", e);
            }
            builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
        }
        PKCS10CertificationRequest request = builder.build(Providers.signer(keyPair.getPrivate(), random));
        return new CertificateRequest(request, subject, dnsNames, emailAddresses, ipAddresses, uris, keyPair.getPublic());
    }

    /** Parses DER; {@code source} names where it came from ("spec.request", a file) in errors. */
    public static CertificateRequest parse(byte[] der, String source) throws PemException {
        PKCS10CertificationRequest request;
        try {
            request = new PKCS10CertificationRequest(der);
        } catch (IOException | RuntimeException e) {
            throw new PemException(source + ": malformed certificate request: " + e.getMessage());
        }
        List<String> dns = new ArrayList<>();
        List<String> emails = new ArrayList<>();
        List<InetAddress> ips = new ArrayList<>();
        List<URI> uris = new ArrayList<>();
        try {
            for (Attribute attribute : request.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
                for (ASN1Encodable value : attribute.getAttributeValues()) {
                    GeneralNames names = GeneralNames.fromExtensions(Extensions.getInstance(value),
                            Extension.subjectAlternativeName);
                    if (names != null) {
                        readSubjectAltNames(names, dns, emails, ips, uris, source);
                    }
                }
            }
            return new CertificateRequest(request, Subject.from(request.getSubject()), dns, emails, ips, uris,
                    Providers.publicKey(request.getSubjectPublicKeyInfo()));
        } catch (IOException | RuntimeException e) {
            throw new PemException(source + ": malformed certificate request: " + e.getMessage());
        }
    }

    private static void readSubjectAltNames(GeneralNames names, List<String> dns, List<String> emails,
                                            List<InetAddress> ips, List<URI> uris, String source)
            throws PemException {
        for (GeneralName name : names.getNames()) {
            switch (name.getTagNo()) {
                case GeneralName.dNSName -> dns.add(ASN1IA5String.getInstance(name.getName()).getString());
                case GeneralName.rfc822Name -> emails.add(ASN1IA5String.getInstance(name.getName()).getString());
                case GeneralName.iPAddress -> {
                    byte[] ip = ASN1OctetString.getInstance(name.getName()).getOctets();
                    try {
                        ips.add(InetAddress.getByAddress(ip));
                    } catch (UnknownHostException e) {
                        // Go's message for an IP SAN that is neither 4 nor 16 bytes
                        throw new PemException(source + ": x509: cannot parse IP address of length " + ip.length);
                    }
                }
                case GeneralName.uniformResourceIdentifier -> {
                    String uri = ASN1IA5String.getInstance(name.getName()).getString();
                    try {
                        uris.add(new URI(uri));
                    } catch (URISyntaxException e) {
                        throw new PemException(source + ": x509: cannot parse URI \"" + uri + "\": " + e.getReason());
                    }
                }
                default -> { } // other name forms are ignored, as in Go
            }
        }
    }

    /**
     * Verifies the self-signature. The failure message is Go's, which the apiserver puts into its
     * {@code spec.request: Invalid value} error: "x509: ECDSA verification failure" or
     * "crypto/rsa: verification error".
     */
    // upstream: go src/crypto/x509/x509.go checkSignature
    public void checkSignature() throws SignatureException {
        boolean valid;
        String ecdsa = ECDSA_SIGNATURES.get(request.getSignatureAlgorithm().getAlgorithm());
        try {
            valid = ecdsa != null ? verifyOnce(ecdsa) : request.isSignatureValid(Providers.verifier(publicKey));
        } catch (OperatorCreationException | PKCSException | GeneralSecurityException | IOException e) {
            throw new SignatureException("x509: cannot verify signature: " + e.getMessage(), e);
        }
        if (!valid) {
            throw new SignatureException(switch (publicKey.getAlgorithm()) {
                case "RSA" -> "crypto/rsa: verification error";
                case "Ed25519" -> "x509: Ed25519 verification failure";
                default -> "x509: ECDSA verification failure";
            });
        }
    }

    /**
     * One ECDSA verification of the request info. BouncyCastle's ContentVerifier for ECDSA follows the
     * real verification with a raw one whose result it ignores (to free PKCS#11 sessions): a second,
     * wasted public-key operation per check. An undecodable signature is a failed one, as Go's
     * ecdsa.VerifyASN1 reports it.
     */
    private boolean verifyOnce(String algorithm) throws GeneralSecurityException, IOException {
        Signature signature = Signature.getInstance(algorithm, Providers.verifying(publicKey, algorithm));
        signature.initVerify(publicKey);
        signature.update(request.toASN1Structure().getCertificationRequestInfo().getEncoded(ASN1Encoding.DER));
        try {
            return signature.verify(request.getSignature());
        } catch (SignatureException e) {
            return false;
        }
    }

    public Subject subject() {
        return subject;
    }

    public List<String> dnsNames() {
        return dnsNames;
    }

    public List<String> emailAddresses() {
        return emailAddresses;
    }

    public List<InetAddress> ipAddresses() {
        return ipAddresses;
    }

    public List<URI> uris() {
        return uris;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** The DER encoding, as signed. */
    public byte[] encoded() {
        try {
            return request.getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("re-encoding a parsed request cannot fail", e);
        }
    }

    @Override
    public String toString() {
        return "CertificateRequest{subject=" + subject + ", dns=" + dnsNames + ", ips=" + ipAddresses + "}";
    }
}
