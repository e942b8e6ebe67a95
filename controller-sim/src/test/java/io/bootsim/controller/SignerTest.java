package io.bootsim.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.controller.certificates.Csr;
import io.bootsim.controller.certificates.SyncResult;
import io.bootsim.controller.certificates.signer.CertificateAuthority;
import io.bootsim.controller.certificates.signer.CsrSigner;
import io.bootsim.controller.certificates.signer.SigningPolicy;
import io.bootsim.core.pki.CertificateAndKey;
import io.bootsim.core.pki.CertificateRequest;
import io.bootsim.core.pki.CertificateSpec;
import io.bootsim.core.pki.Certificates;
import io.bootsim.core.pki.KeyType;
import io.bootsim.core.pki.Keys;
import io.bootsim.core.pki.Pem;
import io.bootsim.core.pki.Subject;
import io.bootsim.core.pki.TestPki;
import io.bootsim.core.random.RandomStreams;
import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** csr-vectors section 5: signer_test.go, duration_test.go, authority_test.go, policies_test.go. */
class SignerTest {

    static final KubeVersion V = KubeVersion.NEWEST;
    final Fixture f = new Fixture();
    final CertificateAuthority ca = CertificateAuthority.of(TestPki.ca("test-ca").caPair());

    /** Approved with an empty condition status, as upstream's TestHandle does. */
    ObjectNode approved(ObjectNode csr) {
        return new Csr(csr).withCondition(new Csr.Condition("Approved", "", "", "", null));
    }

    SyncResult handle(String signer, ObjectNode csr, Duration ttl) {
        f.api.collection(Csr.collectionPath(V));
        ObjectNode stored = f.api.put(Csr.collectionPath(V), csr);
        f.api.clearRequests();
        AtomicReference<SyncResult> result = new AtomicReference<>();
        new CsrSigner(f.api, signer, ca, ttl, V, f.context).handle(new Csr(stored), result::set);
        f.scheduler.runUntilIdle();
        return result.get();
    }

    Csr stored() {
        return new Csr(f.api.list(Csr.collectionPath(V)).get(0));
    }

    @ParameterizedTest(name = "{0} {1}/{2} {3}")
    @CsvSource(delimiter = ';', value = {
            "kubernetes.io/kube-apiserver-client; hello-world; some-org; ; client auth,digital signature,key encipherment",
            "kubernetes.io/kube-apiserver-client; hello-world; some-org; ; client auth,digital signature",
            "kubernetes.io/kube-apiserver-client-kubelet; system:node:hello-world; system:nodes; ; client auth,digital signature,key encipherment",
            "kubernetes.io/kube-apiserver-client-kubelet; system:node:hello-world; system:nodes; ; client auth,digital signature",
            "kubernetes.io/kubelet-serving; system:node:testnode; system:nodes; example.com; server auth,digital signature,key encipherment",
            "kubernetes.io/kubelet-serving; system:node:testnode; system:nodes; example.com; server auth,digital signature"})
    void testHandleIssues(String signer, String cn, String org, String dns, String usages) {
        CertificateRequest req = f.request(KeyType.ECDSA_P256, Subject.of(cn, org), dns == null ? List.of() : List.of(dns),
                List.of(), List.of(), List.of());
        assertEquals(SyncResult.DONE, handle(signer, approved(f.csr(V, "u", signer, Arrays.asList(usages.split(",")), req)),
                Duration.ofHours(1)));
        assertEquals(1, f.api.writes().size());
        assertTrue(stored().isIssued());
    }

    @Test
    void testHandleLeavesAnUnapprovedCsrWithoutAnyApiCall() {
        CertificateRequest req = f.request(KeyType.ECDSA_P256, Subject.of("system:node:testnode", "system:nodes"),
                List.of("example.com"), List.of(), List.of(), List.of());
        handle(Csr.KUBELET_SERVING, f.csr(V, "u", Csr.KUBELET_SERVING, List.of("server auth", "digital signature"), req),
                Duration.ofHours(1));
        assertEquals(List.of(), f.api.writes());
    }

    @Test
    void unknownSignerNamesCannotBeConstructed() {
        assertThrows(IllegalArgumentException.class, () -> new CsrSigner(f.api, "kubernetes.io/not-recognised", ca,
                Duration.ofHours(1), V, f.context));
        assertThrows(IllegalArgumentException.class, () -> new CsrSigner(f.api, "kubernetes.io/not-a-real-signer", ca,
                Duration.ofHours(1), V, f.context));
    }

    @Test
    void aCsrForAnotherSignerIsNeverTouched() {
        CertificateRequest req = f.request(Subject.of("x", "y"));
        handle(Csr.LEGACY_UNKNOWN, approved(f.csr(V, "u", "example.com/custom", List.of("client auth"), req)), Duration.ofHours(1));
        assertEquals(List.of(), f.api.writes());
    }

    @Test
    void aViolationOfTheSignersRulesBecomesAFailedCondition() {
        CertificateRequest req = f.request(Subject.of("hello", "org"));
        assertEquals(SyncResult.DONE, handle(Csr.KUBE_APISERVER_CLIENT,
                approved(f.csr(V, "u", Csr.KUBE_APISERVER_CLIENT, List.of("digital signature"), req)), Duration.ofHours(1)));
        Csr.Condition failed = stored().condition("Failed").orElseThrow();
        assertEquals(List.of("True", "SignerValidationFailure", "missing required usage for client certificate: client auth"),
                List.of(failed.status(), failed.reason(), failed.message()));
        assertTrue(!stored().isIssued());
    }

    @Test
    void testSignerIssuedCertificateContents() throws Exception {
        // legacy-unknown, TTL 1h, 3h requested (ignored as longer), RSA CA, ECDSA key in the CSR
        KeyPair caKeys = Keys.generate(KeyType.RSA_2048, RandomStreams.seeded(1).stream("rsa-ca"));
        X509Certificate caCert = Certificates.selfSigned(CertificateSpec.builder(Subject.of("rsa-ca")).ca(true)
                .usages("cert sign").validity(TestPki.NOT_BEFORE, TestPki.NOT_AFTER).build(), caKeys, RandomStreams.seeded(1).stream("x"));
        CertificateAuthority rsa = CertificateAuthority.of(new CertificateAndKey(caCert, caKeys.getPrivate()));
        CertificateRequest req = f.request(Subject.of("system:node:k-a-node-s36b", "system:nodes"));
        ObjectNode csr = approved(f.csr(V, "u", Csr.LEGACY_UNKNOWN, List.of("signing", "key encipherment", "server auth", "client auth"), req));
        ((ObjectNode) csr.path("spec")).put("expirationSeconds", 3 * 3600);
        f.api.collection(Csr.collectionPath(V));
        ObjectNode stored = f.api.put(Csr.collectionPath(V), csr);
        new CsrSigner(f.api, Csr.LEGACY_UNKNOWN, rsa, Duration.ofHours(1), V, f.context).handle(new Csr(stored), r -> { });
        f.scheduler.runUntilIdle();
        List<X509Certificate> certs = Pem.certificates(stored().certificate(), "status.certificate");
        assertEquals(1, certs.size());
        X509Certificate cert = certs.get(0);
        assertEquals(3, cert.getVersion());
        assertEquals("CN=system:node:k-a-node-s36b,O=system:nodes", cert.getSubjectX500Principal().getName());
        boolean[] ku = cert.getKeyUsage();
        assertTrue(ku[0] && ku[2], "digital signature and key encipherment");
        assertEquals(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"), cert.getExtendedKeyUsage());
        assertEquals(-1, cert.getBasicConstraints());
        assertEquals(Fixture.NOW.minus(Duration.ofMinutes(5)), cert.getNotBefore().toInstant());
        assertEquals(Fixture.NOW.plus(Duration.ofHours(1)), cert.getNotAfter().toInstant());
        assertEquals("EC", cert.getPublicKey().getAlgorithm());
        assertEquals("SHA256withRSA", cert.getSigAlgName());
        assertTrue(f.events("controller.csrsigning").stream().anyMatch(e -> String.valueOf(e.field("reason")).startsWith("signed serial=")));
    }

    @ParameterizedTest(name = "expirationSeconds {0} -> {1}")
    @CsvSource({", 3600", "1800, 1800", "10800, 3600", "600, 600", "-60, 600"})
    void signerDuration(Integer expirationSeconds, long ttlSeconds) {
        assertEquals(Duration.ofSeconds(ttlSeconds), SigningPolicy.effectiveTtl(Duration.ofHours(1), expirationSeconds));
    }

    @ParameterizedTest(name = "expirationSeconds {0} -> validity {1}")
    @CsvSource({", PT24H", "86400, PT24H", "72000, PT20H", "36000, PT10H", "1800, PT35M", "600, PT15M"})
    void actualValidityWithA24hSigningDuration(Integer expirationSeconds, Duration validity) {
        SigningPolicy.Window w = (SigningPolicy.Window) SigningPolicy.controller(
                SigningPolicy.effectiveTtl(Duration.ofHours(24), expirationSeconds)).validity(Fixture.NOW, TestPki.NOT_AFTER);
        assertEquals(validity, Duration.between(w.notBefore(), w.notAfter()));
    }

    @ParameterizedTest(name = "ttl {0} backdate {1} short {2}")
    @CsvSource({"PT1H, PT0S, PT0S, PT0S, PT1H", "PT1H, PT5M, PT0S, -PT5M, PT55M", "PT1M, PT5M, PT0S, -PT5M, -PT4M",
            "PT1M, PT5M, PT8H, -PT5M, PT1M", "PT24H, PT5M, PT8H, -PT5M, PT23H55M"})
    void authorityPolicies(Duration ttl, Duration backdate, Duration shortThreshold, Duration notBefore, Duration notAfter) {
        SigningPolicy.Window w = (SigningPolicy.Window) new SigningPolicy(ttl, backdate, shortThreshold)
                .validity(Fixture.NOW, TestPki.NOT_AFTER);
        assertEquals(Fixture.NOW.plus(notBefore), w.notBefore());
        assertEquals(Fixture.NOW.plus(notAfter), w.notAfter());
    }

    @Test
    void anExpiredCaRefusesWithUpstreamsTwoMessages() {
        Instant caNotAfter = Fixture.NOW;
        assertEquals(new SigningPolicy.Refused("the signer has expired: NotAfter=2025-03-01 12:00:00 +0000 UTC"),
                SigningPolicy.controller(Duration.ofHours(1)).validity(Fixture.NOW.plus(Duration.ofMinutes(6)), caNotAfter));
        assertEquals(new SigningPolicy.Refused("refusing to sign a certificate that expired in the past: NotAfter=2025-03-01 12:00:00 +0000 UTC"),
                SigningPolicy.controller(Duration.ofHours(1)).validity(Fixture.NOW.plus(Duration.ofMinutes(2)), caNotAfter));
        SigningPolicy.Window clamped = (SigningPolicy.Window) SigningPolicy.controller(Duration.ofHours(24))
                .validity(Fixture.NOW.minus(Duration.ofHours(1)), caNotAfter);
        assertEquals(caNotAfter, clamped.notAfter());
    }

    @Test
    void aSignErrorIsRequeuedWithoutAFailedCondition() {
        CertificateAuthority expired = CertificateAuthority.of(TestPki.ca("old", TestPki.NOT_BEFORE, Instant.parse("2024-01-01T00:00:00Z")).caPair());
        CertificateRequest req = f.request(Subject.of("hello", "org"));
        f.api.collection(Csr.collectionPath(V));
        ObjectNode stored = f.api.put(Csr.collectionPath(V), approved(f.csr(V, "u", Csr.KUBE_APISERVER_CLIENT, List.of("client auth"), req)));
        f.api.clearRequests();
        AtomicReference<SyncResult> result = new AtomicReference<>();
        new CsrSigner(f.api, Csr.KUBE_APISERVER_CLIENT, expired, Duration.ofHours(1), V, f.context).handle(new Csr(stored), result::set);
        f.scheduler.runUntilIdle();
        assertEquals(SyncResult.error("error auto signing csr: the signer has expired: NotAfter=2024-01-01 00:00:00 +0000 UTC"), result.get());
        assertEquals(List.of(), f.api.writes());
    }

    @Test
    void before118TheLegacySignerSignsEveryApprovedCsrForTheFullDurationFromTheRoundedMinute() throws Exception {
        KubeVersion v = KubeVersion.of(1, 9);
        CertificateRequest req = f.request(Subject.of("anything", "any-org"));
        f.api.collection(Csr.collectionPath(v));
        f.scheduler.advance(Duration.ofSeconds(40));
        ObjectNode stored = f.api.put(Csr.collectionPath(v), approved(f.csr(v, "u", "", List.of("server auth"), req)));
        new CsrSigner(f.api, "", ca, Duration.ofHours(8760), v, f.context).handle(new Csr(stored), r -> { });
        f.scheduler.runUntilIdle();
        X509Certificate cert = Pem.certificates(new Csr(f.api.list(Csr.collectionPath(v)).get(0)).certificate(), "c").get(0);
        Instant notBefore = Fixture.NOW.plusSeconds(60).minus(Duration.ofMinutes(5));
        assertEquals(notBefore, cert.getNotBefore().toInstant());
        assertEquals(notBefore.plus(Duration.ofHours(8760)), cert.getNotAfter().toInstant());
    }

    @Test
    void serialsComeFromTheSeededStream() {
        CertificateRequest req = f.request(Subject.of("hello", "org"));
        Fixture other = new Fixture();
        CertificateAuthority.Issued a = (CertificateAuthority.Issued) ca.sign(req, List.of("client auth"),
                SigningPolicy.controller(Duration.ofHours(1)), Fixture.NOW, f.context.random().stream("csrsigning/serials"));
        CertificateAuthority.Issued b = (CertificateAuthority.Issued) ca.sign(req, List.of("client auth"),
                SigningPolicy.controller(Duration.ofHours(1)), Fixture.NOW, other.context.random().stream("csrsigning/serials"));
        assertArrayEquals(a.certificate().getSerialNumber().toByteArray(), b.certificate().getSerialNumber().toByteArray());
    }
}
