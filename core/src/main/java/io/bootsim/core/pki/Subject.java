package io.bootsim.core.pki;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A certificate subject with the attributes Go's pkix.Name models; the signer copies a CSR's
 * subject through this shape, so attributes Go does not know (emailAddress, DC, UID) are dropped
 * from issued certificates exactly as kube-controller-manager drops them.
 * Kubernetes reads users from it: CN is the user name, each O a group.
 */
// upstream: go src/crypto/x509/pkix/pkix.go (Name, FillFromRDNSequence, ToRDNSequence)
public record Subject(String commonName, List<String> organizations, List<String> organizationalUnits,
                      List<String> countries, List<String> provinces, List<String> localities,
                      List<String> streetAddresses, List<String> postalCodes, String serialNumber) {

    public Subject {
        commonName = commonName == null ? "" : commonName;
        serialNumber = serialNumber == null ? "" : serialNumber;
        organizations = List.copyOf(organizations);
        organizationalUnits = List.copyOf(organizationalUnits);
        countries = List.copyOf(countries);
        provinces = List.copyOf(provinces);
        localities = List.copyOf(localities);
        streetAddresses = List.copyOf(streetAddresses);
        postalCodes = List.copyOf(postalCodes);
    }

    /** CN and O only, the shape of every Kubernetes client certificate: {@code of("system:node:n1", "system:nodes")}. */
    public static Subject of(String commonName, String... organizations) {
        return new Subject(commonName, List.of(organizations), List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(), "");
    }

    /**
     * Reads the attributes Go knows, in any RDN layout. A repeated CN or serialNumber keeps its
     * last value, as Go's pkix.Name.FillFromRDNSequence assigns each one in turn; so a
     * certificate with CN=a and CN=b authenticates as user "b" (crypto/x509/pkix/pkix.go).
     */
    public static Subject from(X500Name name) {
        String cn = null;
        String serial = null;
        List<String> o = new ArrayList<>(), ou = new ArrayList<>(), c = new ArrayList<>(), st = new ArrayList<>(),
                l = new ArrayList<>(), street = new ArrayList<>(), postal = new ArrayList<>();
        for (RDN rdn : name.getRDNs()) {
            for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                ASN1ObjectIdentifier type = atv.getType();
                if (!(atv.getValue() instanceof ASN1String s)) {
                    continue; // Go skips values that are not strings
                }
                String v = s.getString();
                if (type.equals(BCStyle.CN)) {
                    cn = v;
                } else if (type.equals(BCStyle.SERIALNUMBER)) {
                    serial = v;
                } else if (type.equals(BCStyle.O)) {
                    o.add(v);
                } else if (type.equals(BCStyle.OU)) {
                    ou.add(v);
                } else if (type.equals(BCStyle.C)) {
                    c.add(v);
                } else if (type.equals(BCStyle.ST)) {
                    st.add(v);
                } else if (type.equals(BCStyle.L)) {
                    l.add(v);
                } else if (type.equals(BCStyle.STREET)) {
                    street.add(v);
                } else if (type.equals(BCStyle.POSTAL_CODE)) {
                    postal.add(v);
                }
            }
        }
        return new Subject(cn, o, ou, c, st, l, street, postal, serial);
    }

    /**
     * Encodes as Go does: types in the order C, ST, L, street, postalCode, O, OU, CN, serialNumber;
     * all values of one type in a single (multi-valued) RDN; PrintableString where the value allows
     * it, UTF8String otherwise.
     */
    public X500Name toX500Name() {
        List<RDN> rdns = new ArrayList<>(9);
        add(rdns, BCStyle.C, countries);
        add(rdns, BCStyle.ST, provinces);
        add(rdns, BCStyle.L, localities);
        add(rdns, BCStyle.STREET, streetAddresses);
        add(rdns, BCStyle.POSTAL_CODE, postalCodes);
        add(rdns, BCStyle.O, organizations);
        add(rdns, BCStyle.OU, organizationalUnits);
        if (!commonName.isEmpty()) {
            add(rdns, BCStyle.CN, List.of(commonName));
        }
        if (!serialNumber.isEmpty()) {
            add(rdns, BCStyle.SERIALNUMBER, List.of(serialNumber));
        }
        return new X500Name(rdns.toArray(RDN[]::new));
    }

    public boolean isEmpty() {
        return commonName.isEmpty() && serialNumber.isEmpty() && organizations.isEmpty()
                && organizationalUnits.isEmpty() && countries.isEmpty() && provinces.isEmpty()
                && localities.isEmpty() && streetAddresses.isEmpty() && postalCodes.isEmpty();
    }

    private static void add(List<RDN> rdns, ASN1ObjectIdentifier type, List<String> values) {
        if (values.isEmpty()) {
            return;
        }
        AttributeTypeAndValue[] atvs = new AttributeTypeAndValue[values.size()];
        for (int i = 0; i < atvs.length; i++) {
            atvs[i] = new AttributeTypeAndValue(type, goString(values.get(i)));
        }
        rdns.add(new RDN(atvs));
    }

    // upstream: go src/encoding/asn1/marshal.go makeField (PrintableString unless a character forbids it)
    private static ASN1Encodable goString(String value) {
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            boolean printable = ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9'
                    || " '()+,-./:=?".indexOf(ch) >= 0;
            if (!printable) {
                return new DERUTF8String(value);
            }
        }
        return new DERPrintableString(value);
    }

    private static final Map<ASN1ObjectIdentifier, String> SHORT_NAMES = Map.of(
            BCStyle.C, "C", BCStyle.ST, "ST", BCStyle.L, "L", BCStyle.STREET, "STREET",
            BCStyle.POSTAL_CODE, "POSTALCODE", BCStyle.O, "O", BCStyle.OU, "OU", BCStyle.CN, "CN",
            BCStyle.SERIALNUMBER, "SERIALNUMBER");

    /** RFC 2253 text with the last RDN first, as Go's pkix.Name.String(): "CN=system:node:n1,O=system:nodes". */
    @Override
    public String toString() {
        RDN[] rdns = toX500Name().getRDNs();
        StringBuilder out = new StringBuilder();
        for (int i = rdns.length - 1; i >= 0; i--) {
            if (out.length() > 0) {
                out.append(',');
            }
            AttributeTypeAndValue[] atvs = rdns[i].getTypesAndValues();
            for (int j = 0; j < atvs.length; j++) {
                if (j > 0) {
                    out.append('+');
                }
                out.append(SHORT_NAMES.get(atvs[j].getType())).append('=')
                        .append(IETFUtils.valueToString(atvs[j].getValue()));
            }
        }
        return out.toString();
    }
}
