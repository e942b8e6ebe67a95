package io.bootsim.core.pki;

import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The 23 spec.usages values and what the signer makes of each (csr-controllers-kubelet.md c.4). */
class KeyUsagesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "signing            | 128   | ",
            "digital signature  | 128   | ",
            "content commitment | 64    | ",
            "key encipherment   | 32    | ",
            "data encipherment  | 16    | ",
            "key agreement      | 8     | ",
            "cert sign          | 4     | ",
            "crl sign           | 2     | ",
            "encipher only      | 1     | ",
            "decipher only      | 32768 | ",
            "any                | 0     | 2.5.29.37.0",
            "server auth        | 0     | 1.3.6.1.5.5.7.3.1",
            "client auth        | 0     | 1.3.6.1.5.5.7.3.2",
            "code signing       | 0     | 1.3.6.1.5.5.7.3.3",
            "email protection   | 0     | 1.3.6.1.5.5.7.3.4",
            "s/mime             | 0     | 1.3.6.1.5.5.7.3.4",
            "ipsec end system   | 0     | 1.3.6.1.5.5.7.3.5",
            "ipsec tunnel       | 0     | 1.3.6.1.5.5.7.3.6",
            "ipsec user         | 0     | 1.3.6.1.5.5.7.3.7",
            "timestamping       | 0     | 1.3.6.1.5.5.7.3.8",
            "ocsp signing       | 0     | 1.3.6.1.5.5.7.3.9",
            "microsoft sgc      | 0     | 1.3.6.1.4.1.311.10.3.3",
            "netscape sgc       | 0     | 2.16.840.1.113730.4.1"})
    void eachKubernetesUsageMapsToItsX509Bit(String usage, int keyUsageBit, String extKeyUsageOid) {
        KeyUsages mapped = KeyUsages.fromStrings(List.of(usage));
        assertEquals(keyUsageBit, mapped.keyUsage());
        assertEquals(extKeyUsageOid == null ? List.of() : List.of(extKeyUsageOid),
                mapped.extKeyUsages().stream().map(k -> k.toOID().getId()).toList());
    }

    @Test
    void extendedUsagesAreDeduplicatedAndInGoEnumOrder() {
        KeyUsages mapped = KeyUsages.fromStrings(List.of("client auth", "s/mime", "key encipherment",
                "email protection", "server auth", "digital signature", "client auth"));
        assertEquals(KeyUsage.digitalSignature | KeyUsage.keyEncipherment, mapped.keyUsage());
        assertEquals(List.of(KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth,
                KeyPurposeId.id_kp_emailProtection), mapped.extKeyUsages());
    }

    @Test
    void unrecognizedUsagesAreListedAsGoQuotesThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeyUsages.fromStrings(List.of("client auth", "Client Auth", "bogus")));
        assertEquals("unrecognized usage values: [\"Client Auth\" \"bogus\"]", e.getMessage());
    }
}
