package io.bootsim.core.pki;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The certificate fields Go's crypto/x509 exposes and Kubernetes' x509 authentication reads (kube-apiserver's
 * and the kubelet's): the user is the Subject's CN, its groups the Subject's O values.
 */
public final class CertificateFields {

    /** Subject attribute UID (0.9.2342.19200300.100.1.1), read by 1.33's AllowParsingUserUIDFromCertAuth. */
    public static final ASN1ObjectIdentifier UID = BCStyle.UID;

    private CertificateFields() {
    }

    /** Go's pkix.Name: the last CN wins; every O and UID in certificate order. */
    public record Subject(String commonName, List<String> organizations, List<String> uids) {
    }

    public static Subject subject(X509Certificate cert) {
        X500Name name = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
        io.bootsim.core.pki.Subject parsed = io.bootsim.core.pki.Subject.from(name);
        List<String> uids = new ArrayList<>();
        for (RDN rdn : name.getRDNs()) {
            for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                if (atv.getType().equals(UID) && atv.getValue() instanceof ASN1String s) {
                    uids.add(s.getString()); // Go keeps only string-valued attributes
                }
            }
        }
        return new Subject(parsed.commonName(), parsed.organizations(), List.copyOf(uids));
    }

    public static byte[] subjectKeyId(X509Certificate cert) {
        byte[] ext = cert.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (ext == null) {
            return new byte[0];
        }
        return SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getKeyIdentifier();
    }

    public static byte[] authorityKeyId(X509Certificate cert) {
        byte[] ext = cert.getExtensionValue(Extension.authorityKeyIdentifier.getId());
        if (ext == null) {
            return new byte[0];
        }
        byte[] id = AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getKeyIdentifierOctets();
        return id == null ? new byte[0] : id;
    }

    /** Upper-case hex bytes joined by ':', "" for none (x509.go columnSeparatedHex). */
    public static String columnSeparatedHex(byte[] bytes) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < bytes.length; i++) {
            if (i > 0) {
                b.append(':');
            }
            b.append(String.format("%02X", bytes[i] & 0xff));
        }
        return b.toString();
    }
}
