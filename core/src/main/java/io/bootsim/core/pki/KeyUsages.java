package io.bootsim.core.pki;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The key usage bits and extended key usages that a list of CSR {@code spec.usages} strings
 * ("digital signature", "client auth", ...) stands for, mapped as kube-controller-manager's signer
 * maps them. Extended key usages are de-duplicated and in Go's x509.ExtKeyUsage order.
 *
 * @param keyUsage     BouncyCastle {@link KeyUsage} bits, 0 for none
 * @param extKeyUsages in Go's enum order (any, server auth, client auth, code signing, ...)
 */
// upstream: pkg/controller/certificates/authority/policies.go keyUsagesFromStrings
public record KeyUsages(int keyUsage, List<KeyPurposeId> extKeyUsages) {

    private static final Map<String, Integer> KEY_USAGE = Map.of(
            "signing", KeyUsage.digitalSignature,
            "digital signature", KeyUsage.digitalSignature,
            "content commitment", KeyUsage.nonRepudiation,
            "key encipherment", KeyUsage.keyEncipherment,
            "key agreement", KeyUsage.keyAgreement,
            "data encipherment", KeyUsage.dataEncipherment,
            "cert sign", KeyUsage.keyCertSign,
            "crl sign", KeyUsage.cRLSign,
            "encipher only", KeyUsage.encipherOnly,
            "decipher only", KeyUsage.decipherOnly);

    /** Index = position in Go's x509.ExtKeyUsage enum, which fixes the output order. */
    private static final List<KeyPurposeId> GO_EKU_ORDER = List.of(
            KeyPurposeId.anyExtendedKeyUsage, KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth,
            KeyPurposeId.id_kp_codeSigning, KeyPurposeId.id_kp_emailProtection, KeyPurposeId.id_kp_ipsecEndSystem,
            KeyPurposeId.id_kp_ipsecTunnel, KeyPurposeId.id_kp_ipsecUser, KeyPurposeId.id_kp_timeStamping,
            KeyPurposeId.id_kp_OCSPSigning,
            KeyPurposeId.getInstance(new ASN1ObjectIdentifier("1.3.6.1.4.1.311.10.3.3")), // Microsoft SGC
            KeyPurposeId.getInstance(new ASN1ObjectIdentifier("2.16.840.1.113730.4.1"))); // Netscape SGC

    private static final Map<String, Integer> EXT_KEY_USAGE = Map.ofEntries(
            Map.entry("any", 0), Map.entry("server auth", 1), Map.entry("client auth", 2),
            Map.entry("code signing", 3), Map.entry("email protection", 4), Map.entry("s/mime", 4),
            Map.entry("ipsec end system", 5), Map.entry("ipsec tunnel", 6), Map.entry("ipsec user", 7),
            Map.entry("timestamping", 8), Map.entry("ocsp signing", 9), Map.entry("microsoft sgc", 10),
            Map.entry("netscape sgc", 11));

    public KeyUsages {
        extKeyUsages = List.copyOf(extKeyUsages);
    }

    /**
     * Maps {@code spec.usages}; throws with upstream's message, e.g.
     * {@code unrecognized usage values: ["bogus"]}, if any value is not one of the 23.
     */
    public static KeyUsages fromStrings(List<String> usages) {
        int bits = 0;
        TreeSet<Integer> ekus = new TreeSet<>();
        List<String> unrecognized = new ArrayList<>();
        for (String usage : usages) {
            Integer bit = KEY_USAGE.get(usage);
            Integer eku = EXT_KEY_USAGE.get(usage);
            if (bit != null) {
                bits |= bit;
            } else if (eku != null) {
                ekus.add(eku);
            } else {
                unrecognized.add(usage);
            }
        }
        if (!unrecognized.isEmpty()) {
            // Go's %q of a []string: ["a" "b"]
            throw new IllegalArgumentException("unrecognized usage values: " + unrecognized.stream()
                    .map(u -> '"' + u.replace("\\", "\\\\").replace("\"", "\\\"") + '"')
                    .collect(Collectors.joining(" ", "[", "]")));
        }
        return new KeyUsages(bits, ekus.stream().map(GO_EKU_ORDER::get).toList());
    }
}
