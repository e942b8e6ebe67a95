package io.bootsim.core.pki;

import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class SubjectTest {

    @Test
    void encodesOrganizationBeforeCommonNameAsGoDoes() {
        RDN[] rdns = Subject.of("system:node:n1", "system:nodes").toX500Name().getRDNs();
        assertEquals(BCStyle.O, rdns[0].getFirst().getType());
        assertEquals(BCStyle.CN, rdns[1].getFirst().getType());
    }

    @Test
    void aRepeatedCommonNameOrSerialNumberKeepsItsLastValueAsGoDoes() {
        X500Name name = new X500Name(new RDN[] {
                new RDN(BCStyle.CN, new DERUTF8String("first")),
                new RDN(BCStyle.SERIALNUMBER, new DERPrintableString("1")),
                new RDN(BCStyle.CN, new DERUTF8String("last")),
                new RDN(BCStyle.SERIALNUMBER, new DERPrintableString("2"))});
        Subject subject = Subject.from(name);
        assertEquals("last", subject.commonName());
        assertEquals("2", subject.serialNumber());
    }

    @Test
    void severalOrganizationsShareOneMultiValuedRdn() {
        RDN[] rdns = Subject.of("alice", "system:masters", "devs").toX500Name().getRDNs();
        assertEquals(2, rdns.length);
        assertEquals(2, rdns[0].getTypesAndValues().length);
    }

    @Test
    void printableStringWhereAllowedUtf8Otherwise() {
        RDN[] printable = Subject.of("system:node:n1").toX500Name().getRDNs();
        RDN[] wildcard = Subject.of("*.example.com").toX500Name().getRDNs();
        assertInstanceOf(DERPrintableString.class, printable[0].getFirst().getValue());
        assertInstanceOf(DERUTF8String.class, wildcard[0].getFirst().getValue());
    }

    @Test
    void stringFormIsGoPkixNameString() {
        assertEquals("CN=system:node:n1,O=system:nodes", Subject.of("system:node:n1", "system:nodes").toString());
        assertEquals("CN=alice,O=a+O=b", Subject.of("alice", "a", "b").toString());
    }

    @Test
    void readingDropsAttributesGoDoesNotKnow() {
        Subject s = Subject.from(new X500Name("C=DE,O=acme,emailAddress=x@y.z,CN=web,DC=example"));
        assertEquals(new Subject("web", List.of("acme"), List.of(), List.of("DE"), List.of(), List.of(), List.of(),
                List.of(), ""), s);
        assertEquals("CN=web,O=acme,C=DE", s.toString());
    }

    @Test
    void readBackEqualsWhatWasWritten() {
        Subject s = new Subject("cn", List.of("o1", "o2"), List.of("ou"), List.of("US"), List.of("CA"),
                List.of("SF"), List.of("Main St 1"), List.of("94000"), "42");
        assertEquals(s, Subject.from(s.toX500Name()));
    }
}
