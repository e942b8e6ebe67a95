package io.bootsim.kubelet.certificate;

import io.bootsim.core.pki.CertificateSpec;
import io.bootsim.core.pki.Certificates;
import io.bootsim.core.pki.KeyType;
import io.bootsim.core.pki.Keys;
import io.bootsim.core.pki.Subject;
import io.bootsim.core.pki.TestPki;
import io.bootsim.core.random.RandomStreams;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** csr-vectors 7.2 (TestCertSatisfiesTemplate): only what the template asks for and the certificate lacks matters. */
class CertificateTemplateTest {

    private static final TestPki PKI = TestPki.ca("template-ca");
    private static final SecureRandom RANDOM = RandomStreams.seeded(7).stream("template");
    private static final KeyPair KEYS = Keys.generate(KeyType.ECDSA_P256, RANDOM);

    @ParameterizedTest(name = "cert CN={0} O={1} DNS={2} IP={3} vs template CN={4} O={5} DNS={6} IP={7}")
    @CsvSource(delimiter = ';', value = {
            "system:node:name-2; system:nodes; ; ; system:node:name; system:nodes; ; ; Current certificate CN (system:node:name-2) does not match requested CN (system:node:name)",
            "system:node:name; system:nodes; ; ; system:node:name; system:nodes foobar; ; ; Current certificate is missing requested orgs [foobar]",
            "system:node:name; system:nodes; foo.example.com; ; system:node:name; system:nodes; foo bar; ; Current certificate is missing requested DNS names [bar foo]",
            "system:node:name; system:nodes; foo bar; ; system:node:name; system:nodes; foo; ; ",
            "system:node:name; system:nodes; ; 192.168.1.1 192.168.1.2; system:node:name; system:nodes; ; 192.168.1.1; ",
            "system:node:name; system:nodes; foo; 10.0.0.1; system:node:name; system:nodes; foo; 10.0.0.1; ",
    })
    void satisfiesWhenNothingRequestedIsMissing(String cn, String orgs, String dns, String ips, String tCn,
                                                String tOrgs, String tDns, String tIps, String why) {
        X509Certificate cert = cert(cn, words(orgs), words(dns), words(ips));
        CertificateTemplate template = new CertificateTemplate(tCn, words(tOrgs), words(tDns),
                words(tIps).stream().map(CertificateSpec::ipLiteral).toList());
        assertEquals(why == null ? "" : why, template.unsatisfiedBy(cert).orElse(""));
    }

    private static List<String> words(String s) {
        return s == null || s.isBlank() ? List.of() : Arrays.asList(s.trim().split(" "));
    }

    private static X509Certificate cert(String cn, List<String> orgs, List<String> dns, List<String> ips) {
        CertificateSpec.Builder spec = CertificateSpec.builder(Subject.of(cn, orgs.toArray(String[]::new)))
                .usages("digital signature", "client auth")
                .validity(TestPki.NOT_BEFORE, TestPki.NOT_AFTER);
        spec.dnsNames(dns.toArray(String[]::new));
        spec.ipAddresses(ips.toArray(String[]::new));
        return Certificates.sign(spec.build(), KEYS.getPublic(), PKI.caCertificate(), PKI.caKey(), RANDOM);
    }
}
