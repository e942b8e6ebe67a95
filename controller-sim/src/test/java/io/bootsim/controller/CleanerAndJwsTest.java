package io.bootsim.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.controller.certificates.Csr;
import io.bootsim.controller.certificates.cleaner.CsrCleaner;
import io.bootsim.core.jose.Jws;
import io.bootsim.core.pki.CertificateSpec;
import io.bootsim.core.pki.Pem;
import io.bootsim.core.pki.Subject;
import io.bootsim.core.pki.TestPki;
import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** csr-vectors sections 6 (cleaner_test.go) and 8 (jws_test.go). */
class CleanerAndJwsTest {

    final Fixture f = new Fixture();
    final TestPki pki = TestPki.ca("cleaner-ca", Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2100-01-01T00:00:00Z"));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "approved, not past deadline; valid; Approved:50; PT1M; false",
            "approved past deadline, not issued; ; Approved:50; PT1M; false",
            "denied, not past deadline; ; Denied:50; PT1M; false",
            "denied past deadline; ; Denied:120; PT1M; true",
            "failed past deadline; ; Approved:120,Failed:120; PT1M; true",
            "pending, created 5h ago; ; ; PT5H; false",
            "pending, created 25h ago; ; ; PT25H; true",
            "approved, cert expired; expired; Approved:50; PT1M; true",
            "approved past deadline, certificate bytes garbage; garbage; Approved:120; PT1M; true"})
    void cleanerThresholds(String name, String certificate, String conditions, Duration age, boolean deleted) {
        Csr csr = csr(certificate, conditions, age);
        CsrCleaner cleaner = new CsrCleaner(f.api, null, KubeVersion.NEWEST, f.context);
        assertEquals(deleted, cleaner.verdict(csr, Fixture.NOW).isPresent(), name);
    }

    /** What makes a csrcleaner pass a milestone that a steady span may not skip over. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "issued, approved 50m ago; valid; Approved:50; PT1M; PT10M",
            "denied 50m ago; ; Denied:50; PT1M; PT10M",
            "pending, created 5h ago; ; ; PT5H; PT19H",
            "issued, approved 50m ago, certificate expires first; expired; Approved:50; PT1M; PT0S",
            "approved, never issued; ; Approved:50; PT1M; "})
    void cleanerKnowsWhenACsrBecomesDeletable(String name, String certificate, String conditions, Duration age,
                                             Duration in) {
        Csr csr = csr(certificate, conditions, age);
        CsrCleaner cleaner = new CsrCleaner(f.api, null, KubeVersion.NEWEST, f.context);
        Optional<Instant> from = cleaner.deletableFrom(csr);
        if (in == null) {
            assertEquals(Optional.empty(), from, name);
            return;
        }
        Instant at = from.orElseThrow();
        assertTrue(cleaner.verdict(csr, at).isPresent(), name);
        assertTrue(cleaner.verdict(csr, at.minusNanos(1)).isEmpty(), name);
        if (!in.isZero()) {
            assertEquals(Fixture.NOW.plus(in).plusNanos(1), at, name);
        }
    }

    private Csr csr(String certificate, String conditions, Duration age) {
        Instant now = Fixture.NOW;
        ObjectNode object = f.csr(KubeVersion.NEWEST, "u", Csr.KUBE_APISERVER_CLIENT, List.of("client auth"), f.request(Subject.of("x")));
        object.with("metadata").put("creationTimestamp", now.minus(age).toString());
        Csr csr = new Csr(object);
        if (conditions != null) {
            for (String c : conditions.split(",")) {
                String[] typeAge = c.split(":");
                csr = new Csr(csr.withCondition(new Csr.Condition(typeAge[0], "True", "", "",
                        now.minus(Duration.ofMinutes(Long.parseLong(typeAge[1]))))));
            }
        }
        if (certificate != null) {
            byte[] bytes = switch (certificate) {
                case "valid" -> Pem.encodeCertificate(pki.issue(CertificateSpec.builder(Subject.of("x"))).certificate()).getBytes(StandardCharsets.US_ASCII);
                case "expired" -> Pem.encodeCertificate(TestPki.ca("old", Instant.parse("2020-01-01T00:00:00Z"),
                        Instant.parse("2021-01-01T00:00:00Z")).caCertificate()).getBytes(StandardCharsets.US_ASCII);
                default -> certificate.getBytes(StandardCharsets.US_ASCII);
            };
            csr = new Csr(csr.withCertificate(bytes));
        }
        return csr;
    }

    @Test
    void cleanerLogTextsPerEra() {
        ObjectNode object = f.csr(KubeVersion.NEWEST, "u", Csr.KUBE_APISERVER_CLIENT, List.of("client auth"), f.request(Subject.of("x")));
        Csr denied = new Csr(new Csr(object).withCondition(new Csr.Condition("Denied", "True", "", "", Fixture.NOW.minus(Duration.ofHours(2)))));
        assertEquals("Cleaning CSR \"" + denied.name() + "\" as it is more than 1h0m0s old and denied.",
                new CsrCleaner(f.api, null, KubeVersion.of(1, 9), f.context).verdict(denied, Fixture.NOW).orElseThrow().logText());
        assertEquals("\"Cleaning CSR as it is more than deniedExpiration duration old and denied.\" csr=\"" + denied.name()
                        + "\" deniedExpiration=\"1h0m0s\"",
                new CsrCleaner(f.api, null, KubeVersion.NEWEST, f.context).verdict(denied, Fixture.NOW).orElseThrow().logText());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "Hello from the other side. I must have called a thousand times.; eyJhbGciOiJIUzI1NiIsImtpZCI6Impvc2h1YSJ9..VShe2taLd-YTrmWuRkcL_8QTNDHYxQIEBsAYYiIj1_8",
            "''; eyJhbGciOiJIUzI1NiIsImtpZCI6Impvc2h1YSJ9..7Ui1ALizW4jXphVUB7xUqC9vLYLL9RZeOFfVLoB7Tgk"})
    void bootstrapSignerDetachedJws(String content, String expected) {
        assertEquals(expected, Jws.detachedHs256(content == null ? "" : content, "joshua", "my voice is my passcode"));
    }
}
