package io.bootsim.kubelet;

import io.bootsim.core.flags.ParsedFlags;
import io.bootsim.core.pki.KeyType;
import io.bootsim.core.pki.Keys;
import io.bootsim.core.random.RandomStreams;
import io.bootsim.core.version.KubeVersion;
import io.bootsim.kubelet.certificate.KubeletCsr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The behaviour that depends on the emulated release, 1.9 and the newest side by side. */
class KubeletVersionsTest {

    private static final KeyPair EC = Keys.generate(KeyType.ECDSA_P256, RandomStreams.seeded(1).stream("ec"));
    private static final KeyPair RSA = Keys.generate(KeyType.RSA_2048, RandomStreams.seeded(1).stream("rsa"));

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "1.9;  EC;  false; digital signature,key encipherment,client auth",
            "1.26; EC;  false; digital signature,key encipherment,client auth",
            "1.27; EC;  false; digital signature,client auth",
            "1.33; RSA; false; digital signature,key encipherment,client auth",
            "1.33; EC;  true;  digital signature,server auth",
            "1.9;  EC;  true;  digital signature,key encipherment,server auth",
    })
    void usagesByReleaseKeyTypeAndPurpose(String version, String key, boolean serving, String usages) {
        KubeletRelease release = new KubeletRelease(KubeVersion.parse(version));
        assertEquals(List.of(usages.split(",")), KubeletCsr.usages(release, serving,
                (key.equals("EC") ? EC : RSA).getPublic()));
    }

    @Test
    void csrApiAndBootstrapPathDifferBetween19AndNewest() {
        KubeletRelease old = new KubeletRelease(KubeVersion.parse("1.9"));
        KubeletRelease newest = new KubeletRelease(KubeVersion.NEWEST);
        assertEquals("v1beta1", old.csrApiVersion());
        assertFalse(old.setsSignerName());
        assertFalse(old.bootstrapsInBackground());
        assertFalse(old.bootstrapWritesStore());
        assertFalse(old.usesNodeLease());
        assertEquals("v1", newest.csrApiVersion());
        assertTrue(newest.setsSignerName());
        assertTrue(newest.bootstrapsInBackground());
        assertTrue(newest.servingCsrNeedsIp());
    }

    @Test
    void servingCsrIsTheGateIn19AndServerTlsBootstrapWithTheGateLater() throws Exception {
        assertTrue(options("--emulated-version=1.9", "--feature-gates=RotateKubeletServerCertificate=true")
                .servingCertificateByCsr());
        assertFalse(options("--emulated-version=1.9").servingCertificateByCsr());
        assertFalse(options().servingCertificateByCsr());
        assertTrue(options("--rotate-server-certificates").servingCertificateByCsr());
        assertFalse(options("--rotate-server-certificates", "--feature-gates=RotateKubeletServerCertificate=false")
                .servingCertificateByCsr());
    }

    @Test
    void configFileSetsRotationAndServerTlsBootstrapAndFlagsWin() throws Exception {
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, """
                apiVersion: kubelet.config.k8s.io/v1beta1
                kind: KubeletConfiguration
                rotateCertificates: true
                serverTLSBootstrap: true
                port: 10251
                authentication:
                  anonymous:
                    enabled: false
                  x509:
                    clientCAFile: /etc/kubernetes/pki/ca.crt
                """);
        KubeletOptions o = options("--config=" + config);
        assertTrue(o.clientRotation());
        assertTrue(o.servingCertificateByCsr());
        assertEquals(10251, o.port());
        assertFalse(o.anonymousAuth());
        assertTrue(o.webhookAuthentication(), "the config file's default");
        assertEquals("Webhook", o.authorizationMode());
        assertEquals("/etc/kubernetes/pki/ca.crt", o.clientCaFile());
        assertEquals(10300, options("--config=" + config, "--port=10300").port());
    }

    @Test
    void missingConfigFileFailsWithUpstreamText() {
        KubeletFlags.InvalidConfigurationException e = org.junit.jupiter.api.Assertions.assertThrows(
                KubeletFlags.InvalidConfigurationException.class, () -> options("--config=/nope/config.yaml"));
        assertEquals("failed to load kubelet config file, path: /nope/config.yaml, error: failed to load Kubelet "
                + "config file /nope/config.yaml, error failed to read kubelet config file \"/nope/config.yaml\", "
                + "error: open /nope/config.yaml: no such file or directory", e.getMessage());
    }

    @Test
    void hostnameOverrideIsLowercasedIntoTheNodeName() throws Exception {
        assertEquals("node-a", options("--hostname-override=Node-A").nodeName());
    }

    private static KubeletOptions options(String... args) throws Exception {
        KubeletFlags flags = new KubeletFlags();
        ParsedFlags parsed = flags.set.parse(List.of(args));
        return flags.options(parsed, "host", NodeRoot.host());
    }
}
