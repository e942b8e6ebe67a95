package io.bootsim.kubelet.bootstrap;

import io.bootsim.core.kubeconfig.AuthInfo;
import io.bootsim.core.kubeconfig.Cluster;
import io.bootsim.core.kubeconfig.Context;
import io.bootsim.core.kubeconfig.Kubeconfig;
import io.bootsim.core.kubeconfig.KubeconfigWriter;
import io.bootsim.core.pki.CertificateAndKey;
import io.bootsim.core.pki.Pem;
import io.bootsim.core.pki.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** bootstrap.go LoadClientConfig / isClientConfigStillValid: which credentials the kubelet starts with. */
class BootstrapDecisionTest {

    private static final TestPki PKI = TestPki.ca("decision-ca", Instant.parse("2024-01-01T00:00:00Z"),
            Instant.parse("2025-01-01T00:00:00Z"));
    private static final TestPki OTHER_CA = TestPki.ca("some-other-ca", Instant.parse("2024-01-01T00:00:00Z"),
            Instant.parse("2025-01-01T00:00:00Z"));
    private static final Instant DURING = Instant.parse("2024-06-01T00:00:00Z");
    private static final Instant AFTER = Instant.parse("2025-06-01T00:00:00Z");
    private static final Instant BEFORE = Instant.parse("2023-06-01T00:00:00Z");

    @TempDir
    Path dir;

    private Path kubeconfig(String name, CertificateAndKey pair) throws Exception {
        Path file = dir.resolve(name);
        AuthInfo user = pair == null ? AuthInfo.token("abcdef.0123456789abcdef")
                : AuthInfo.clientCertificateData(Pem.encodeCertificate(pair.certificate()).getBytes(StandardCharsets.UTF_8),
                Pem.encodePrivateKey(pair.privateKey()).getBytes(StandardCharsets.UTF_8));
        KubeconfigWriter.write(Kubeconfig.empty()
                .withCluster("c", new Cluster("https://127.0.0.1:6443", "", PKI.caPem().getBytes(StandardCharsets.UTF_8),
                        false, ""))
                .withUser("u", user).withContext("x", new Context("c", "u", "")).withCurrentContext("x"), file);
        return file;
    }

    private BootstrapDecision decide(Path kubeconfig, Path bootstrap, Instant now, List<String> log) {
        return BootstrapDecision.decide(kubeconfig, bootstrap, true, now, log::add);
    }

    @Test
    void missingKubeconfigBootstraps() throws Exception {
        Path bootstrap = kubeconfig("bootstrap.kubeconfig", null);
        assertInstanceOf(BootstrapDecision.Bootstrap.class, decide(dir.resolve("kubeconfig"), bootstrap, DURING,
                new ArrayList<>()));
    }

    @Test
    void validKubeconfigSkipsBootstrap() throws Exception {
        Path kc = kubeconfig("kubeconfig", PKI.client("system:node:n1", "system:nodes"));
        BootstrapDecision d = decide(kc, kubeconfig("bootstrap.kubeconfig", null), DURING, new ArrayList<>());
        assertEquals("Current kubeconfig file contents are still valid, no bootstrap necessary",
                ((BootstrapDecision.UseKubeconfig) d).reason());
    }

    @Test
    void expiredCertificateReBootstrapsAndSaysWhy() throws Exception {
        Path kc = kubeconfig("kubeconfig", PKI.client("system:node:n1", "system:nodes"));
        List<String> log = new ArrayList<>();
        assertInstanceOf(BootstrapDecision.Bootstrap.class, decide(kc, kubeconfig("bootstrap.kubeconfig", null), AFTER,
                log));
        assertEquals(List.of("part of the existing bootstrap client certificate in " + kc
                + " is expired: 2025-01-01T00:00:00Z"), log);
    }

    @Test
    void notYetValidOrOtherCaCertificateStillCountsAsValid() throws Exception {
        Path bootstrap = kubeconfig("bootstrap.kubeconfig", null);
        assertInstanceOf(BootstrapDecision.UseKubeconfig.class, decide(
                kubeconfig("kubeconfig", PKI.client("system:node:n1", "system:nodes")), bootstrap, BEFORE,
                new ArrayList<>()));
        assertInstanceOf(BootstrapDecision.UseKubeconfig.class, decide(
                kubeconfig("kubeconfig2", OTHER_CA.client("system:node:n1", "system:nodes")), bootstrap, DURING,
                new ArrayList<>()));
    }

    @Test
    void withoutBootstrapKubeconfigAnExpiredKubeconfigIsUsedAsItIs() throws Exception {
        Path kc = kubeconfig("kubeconfig", PKI.client("system:node:n1", "system:nodes"));
        assertEquals("No bootstrapping requested, will use kubeconfig",
                ((BootstrapDecision.UseKubeconfig) decide(kc, null, AFTER, new ArrayList<>())).reason());
    }

    @Test
    void missingBootstrapKubeconfigFailsWithUpstreamText() {
        BootstrapDecision d = decide(dir.resolve("kubeconfig"), Path.of("/etc/kubernetes/bootstrap-kubelet.conf"), DURING,
                new ArrayList<>());
        assertEquals("unable to load bootstrap kubeconfig: stat /etc/kubernetes/bootstrap-kubelet.conf: "
                + "no such file or directory", ((BootstrapDecision.Fail) d).error());
    }

    @Test
    void oldReleasesWordTheExpiryDifferently() throws Exception {
        Path kc = kubeconfig("kubeconfig", PKI.client("system:node:n1", "system:nodes"));
        List<String> log = new ArrayList<>();
        BootstrapDecision.decide(kc, kubeconfig("bootstrap.kubeconfig", null), false, AFTER, log::add);
        assertEquals(List.of("Part of the existing bootstrap client certificate is expired: 2025-01-01T00:00:00Z"), log);
    }
}
