package io.bootsim.core.kubeconfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KubeconfigTest {

    private static final byte[] CA = "-----BEGIN CERTIFICATE-----\nQ0E=\n-----END CERTIFICATE-----\n"
            .getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private Path file(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    private static String bootstrap(String clusterExtra, String userBody) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster:
                    server: https://127.0.0.1:6443
                %s
                users:
                - name: kubelet-bootstrap
                  user:
                %s
                contexts:
                - name: bootstrap
                  context: {cluster: mock, user: kubelet-bootstrap}
                current-context: bootstrap
                """.formatted(clusterExtra.indent(4).stripTrailing(), userBody.indent(4).stripTrailing());
    }

    @Test
    void writesByteForByteWhatKubectlConfigSetCommandsWrite() throws Exception {
        Files.write(dir.resolve("ca.crt"), CA);
        Files.write(dir.resolve("admin.crt"), CA);
        Files.writeString(dir.resolve("admin.key"), "KEY\n");
        String kc = dir.resolve("real.kubeconfig").toString();
        for (String[] args : List.of(
                new String[]{"config", "set-cluster", "mock", "--server=https://127.0.0.1:6443", "--certificate-authority=ca.crt", "--embed-certs=true"},
                new String[]{"config", "set-credentials", "kubelet-bootstrap", "--token=abcdef.0123456789abcdef"},
                new String[]{"config", "set-credentials", "admin", "--client-certificate=admin.crt", "--client-key=admin.key", "--embed-certs=true"},
                new String[]{"config", "set-context", "bootstrap", "--cluster=mock", "--user=kubelet-bootstrap"},
                new String[]{"config", "set-context", "admin@mock", "--cluster=mock", "--user=admin"},
                new String[]{"config", "use-context", "admin@mock"})) {
            String[] full = java.util.Arrays.copyOf(args, args.length + 1);
            full[args.length] = "--kubeconfig=" + kc;
            assertEquals(0, RealKubectl.run(dir, full).exitCode());
        }
        Kubeconfig ours = Kubeconfig.empty()
                .withCluster("mock", Cluster.server("https://127.0.0.1:6443").withCertificateAuthorityData(CA))
                .withUser("kubelet-bootstrap", AuthInfo.token("abcdef.0123456789abcdef"))
                .withUser("admin", AuthInfo.clientCertificateData(CA, "KEY\n".getBytes(StandardCharsets.US_ASCII)))
                .withContext("bootstrap", new Context("mock", "kubelet-bootstrap"))
                .withContext("admin@mock", new Context("mock", "admin"))
                .withCurrentContext("admin@mock");

        assertEquals(Files.readString(Path.of(kc)), KubeconfigWriter.toYaml(ours));
        assertEquals(ours.withOrigin(Path.of(kc)), KubeconfigLoader.load(Path.of(kc)));
    }

    @Test
    void readsWhatKubectlSetClusterEmbedCertsWritesAndResolvesIt() throws Exception {
        Files.write(dir.resolve("ca.crt"), CA);
        Path kc = dir.resolve("bootstrap.kubeconfig");
        RealKubectl.run(dir, "config", "set-cluster", "kubernetes", "--server=https://10.0.0.1:6443",
                "--certificate-authority=ca.crt", "--embed-certs=true", "--tls-server-name=kubernetes", "--kubeconfig=" + kc);
        RealKubectl.run(dir, "config", "set-credentials", "kubelet-bootstrap", "--token=07401b.f395accd246ae52d", "--kubeconfig=" + kc);
        RealKubectl.run(dir, "config", "set-context", "default", "--cluster=kubernetes", "--user=kubelet-bootstrap", "--kubeconfig=" + kc);
        RealKubectl.run(dir, "config", "use-context", "default", "--kubeconfig=" + kc);

        RestConfig rest = DirectClientConfig.clientConfig(KubeconfigLoader.load(kc));

        assertEquals("https://10.0.0.1:6443", rest.server());
        assertArrayEquals(CA, rest.caData());
        assertEquals("", rest.caFile());
        assertEquals("kubernetes", rest.tlsServerName());
        assertEquals("07401b.f395accd246ae52d", rest.bearerToken());
        assertFalse(rest.hasClientCertificate());
        assertEquals("default", rest.namespace());
    }

    @Test
    void kubectlViewRawAcceptsTheKubeletKubeconfigWeWrite() throws Exception {
        Files.write(dir.resolve("ca.crt"), CA);
        Path boot = file("bootstrap.kubeconfig", bootstrap("certificate-authority: ca.crt", "token: abc.def"));
        RestConfig rest = DirectClientConfig.clientConfig(KubeconfigLoader.load(boot));
        Path kc = dir.resolve("etc/kubelet.kubeconfig");

        KubeconfigWriter.write(KubeletKubeconfig.fromBootstrap(rest, Path.of("/var/lib/kubelet/pki")), kc);

        String expected = """
                apiVersion: v1
                clusters:
                - cluster:
                    certificate-authority: %s
                    server: https://127.0.0.1:6443
                  name: default-cluster
                contexts:
                - context:
                    cluster: default-cluster
                    namespace: default
                    user: default-auth
                  name: default-context
                current-context: default-context
                kind: Config
                preferences: {}
                users:
                - name: default-auth
                  user:
                    client-certificate: /var/lib/kubelet/pki/kubelet-client-current.pem
                    client-key: /var/lib/kubelet/pki/kubelet-client-current.pem
                """.formatted(dir.resolve("ca.crt").toAbsolutePath());
        assertEquals(expected, Files.readString(kc));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(kc)));
        RealKubectl.Result view = RealKubectl.run(dir, "config", "view", "--raw", "--kubeconfig=" + kc);
        assertEquals(0, view.exitCode(), view.stderr());
        assertEquals(expected, view.stdout());
    }

    @Test
    void kubeletKubeconfigEmbedsTheCaDataWhenTheBootstrapOneDid() throws Exception {
        Path boot = file("b", bootstrap("certificate-authority-data: " + GoBase64.encode(CA) + "\ninsecure-skip-tls-verify: true\ntls-server-name: x", "token: t"));
        Kubeconfig written = KubeletKubeconfig.fromBootstrap(DirectClientConfig.clientConfig(KubeconfigLoader.load(boot)), Path.of("pki"));

        Cluster c = written.cluster("default-cluster").orElseThrow();
        assertArrayEquals(CA, c.certificateAuthorityData());
        assertTrue(c.insecureSkipTlsVerify());
        assertEquals("", c.tlsServerName(), "upstream does not copy tls-server-name");
        assertEquals("pki/kubelet-client-current.pem", written.user("default-auth").orElseThrow().clientKey());
    }

    @Test
    void relativePathsResolveAgainstTheKubeconfigsOwnDirectory() throws Exception {
        Files.createDirectories(dir.resolve("etc/pki"));
        Files.write(dir.resolve("etc/pki/ca.crt"), CA);
        Files.writeString(dir.resolve("etc/pki/client.pem"), "CERT+KEY");
        Files.writeString(dir.resolve("etc/token"), "  sekret.token\n");
        Path kc = dir.resolve("etc/kubelet.conf");
        Files.writeString(kc, bootstrap("certificate-authority: pki/ca.crt",
                "client-certificate: pki/client.pem\nclient-key: ./pki/client.pem\ntokenFile: token"));

        RestConfig rest = DirectClientConfig.clientConfig(KubeconfigLoader.load(kc));

        assertEquals(dir.resolve("etc/pki/ca.crt").toAbsolutePath().toString(), rest.caFile());
        assertArrayEquals(CA, rest.caData());
        assertEquals(dir.resolve("etc/pki/client.pem").toAbsolutePath().toString(), rest.keyFile());
        assertEquals("CERT+KEY", new String(rest.certData(), StandardCharsets.US_ASCII));
        assertEquals("CERT+KEY", new String(rest.keyData(), StandardCharsets.US_ASCII));
        assertEquals("sekret.token", rest.bearerToken());
    }

    @Test
    void illegalBase64NamesTheFileAndTheField() throws Exception {
        Path kc = file("bootstrap.kubeconfig", bootstrap("", "client-certificate-data: '!!!'\nclient-key-data: a2V5"));

        KubeconfigException e = assertThrows(KubeconfigException.class, () -> KubeconfigLoader.load(kc));

        assertEquals(kc + ": users[0].user.client-certificate-data: illegal base64 data at input byte 0", e.getMessage());
        assertEquals("users[0].user.client-certificate-data", e.field());
        assertEquals("error loading config file \"" + kc + "\": illegal base64 data at input byte 0", e.upstreamMessage());
    }

    @Test
    void missingCertificateAuthorityFileNamesBothFiles() throws Exception {
        Path kc = file("bootstrap.kubeconfig", bootstrap("certificate-authority: missing-ca.crt", "token: t"));
        String ca = dir.resolve("missing-ca.crt").toAbsolutePath().toString();

        KubeconfigException e = assertThrows(KubeconfigException.class,
                () -> DirectClientConfig.clientConfig(KubeconfigLoader.load(kc)));

        assertEquals(kc + ": invalid configuration: unable to read certificate-authority " + ca
                + " for mock due to open " + ca + ": no such file or directory", e.getMessage());
    }

    @Test
    void validationErrorsAreAggregatedAsKubectlListsThem() throws Exception {
        Path kc = file("k", bootstrap("certificate-authority: nope.crt", "client-certificate-data: Y2VydA=="));
        String ca = dir.resolve("nope.crt").toAbsolutePath().toString();

        KubeconfigException e = assertThrows(KubeconfigException.class,
                () -> DirectClientConfig.clientConfig(KubeconfigLoader.load(kc)));

        // kubectl 1.33 prints these two as "Error in configuration:" bullets, in this order
        assertEquals(List.of(
                "client-key-data or client-key must be specified for kubelet-bootstrap to use the clientCert authentication method.",
                "unable to read certificate-authority " + ca + " for mock due to open " + ca + ": no such file or directory"),
                e.reasons());
        assertTrue(e.upstreamMessage().startsWith("invalid configuration: [client-key-data or client-key"));
    }

    @Test
    void aMissingKubeconfigFailsWithTheStatErrorTheKubeletLogs() {
        Path kc = dir.resolve("bootstrap-kubelet.conf");

        KubeconfigException e = assertThrows(KubeconfigException.class, () -> KubeconfigLoader.load(kc));

        assertEquals("stat " + kc + ": no such file or directory", e.upstreamMessage());
    }

    @Test
    void currentContextThatDoesNotExistIsReported() throws Exception {
        Path kc = file("k", bootstrap("", "token: t").replace("current-context: bootstrap", "current-context: nope"));

        KubeconfigException e = assertThrows(KubeconfigException.class,
                () -> DirectClientConfig.clientConfig(KubeconfigLoader.load(kc)));

        assertEquals(List.of("context was not found for specified context: nope", DirectClientConfig.EMPTY_CLUSTER), e.reasons());
    }

    @Test
    void anEmptyFileIsAnEmptyConfigWhichCannotBeUsed() throws Exception {
        Path kc = file("empty", "\n");

        Kubeconfig loaded = KubeconfigLoader.load(kc);
        KubeconfigException e = assertThrows(KubeconfigException.class, () -> DirectClientConfig.clientConfig(loaded));

        assertTrue(loaded.clusters().isEmpty());
        assertEquals("invalid configuration: " + DirectClientConfig.EMPTY_CONFIG, e.upstreamMessage());
        assertEquals("""
                apiVersion: v1
                clusters: null
                contexts: null
                current-context: ""
                kind: Config
                preferences: {}
                users: null
                """, KubeconfigWriter.toYaml(loaded));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "insecure-skip-tls-verify: 'yes'   | clusters[0].cluster.insecure-skip-tls-verify | json: cannot unmarshal string into Go struct field Cluster.clusters.cluster.insecure-skip-tls-verify of type bool",
            "tls-server-name: [a]              | clusters[0].cluster.tls-server-name          | json: cannot unmarshal array into Go struct field Cluster.clusters.cluster.tls-server-name of type string",
            "certificate-authority-data: 12    | clusters[0].cluster.certificate-authority-data | json: cannot unmarshal number into Go struct field Cluster.clusters.cluster.certificate-authority-data of type []uint8",
    })
    void wrongFieldTypesFailAsEncodingJsonReportsThem(String line, String field, String message) throws Exception {
        Path kc = file("k", bootstrap(line, "token: t"));

        KubeconfigException e = assertThrows(KubeconfigException.class, () -> KubeconfigLoader.load(kc));

        assertEquals(field, e.field());
        assertEquals("error loading config file \"" + kc + "\": " + message, e.upstreamMessage());
    }

    @Test
    void duplicateClusterNamesAreRejected() throws Exception {
        Path kc = file("k", bootstrap("", "token: t").replace("clusters:\n", "clusters:\n- name: mock\n  cluster: {server: https://b}\n"));

        KubeconfigException e = assertThrows(KubeconfigException.class, () -> KubeconfigLoader.load(kc));

        assertEquals("clusters[1].name", e.field());
        assertTrue(e.getMessage().endsWith("error converting *[]NamedCluster into *map[string]*api.Cluster: duplicate name \"mock\" in list"));
    }

    @Test
    void scalarsAreAcceptedWhereStringsAreExpected() throws Exception {
        Path kc = file("k", bootstrap("", "token: 12345"));

        assertEquals("12345", KubeconfigLoader.load(kc).user("kubelet-bootstrap").orElseThrow().token());
    }

    @Test
    void aPlainHttpServerGetsNoCredentials() throws Exception {
        Path kc = file("k", bootstrap("", "token: t").replace("https://", "http://"));

        RestConfig rest = DirectClientConfig.clientConfig(KubeconfigLoader.load(kc));

        assertEquals("http://127.0.0.1:6443", rest.server());
        assertFalse(rest.hasBearerToken());
    }

    @Test
    void tokenTakesPrecedenceAndAMissingTokenFileFailsAsClientGoDoes() throws Exception {
        Path kc = file("k", bootstrap("", "tokenFile: gone"));

        KubeconfigException e = assertThrows(KubeconfigException.class,
                () -> DirectClientConfig.clientConfig(KubeconfigLoader.load(kc)));

        assertEquals("open " + dir.resolve("gone").toAbsolutePath() + ": no such file or directory", e.upstreamMessage());
        Path both = file("k2", bootstrap("", "token: inline\ntokenFile: gone"));
        assertEquals("inline", DirectClientConfig.clientConfig(KubeconfigLoader.load(both)).bearerToken());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "aGVsbG8=     | hello  |",
            "aGVsbA==     | hell   |",
            "aGVs\\nbG8=  | hello  |",
            "''           | ''     |",
            "!!!          |        | 0",
            "aGVsbG8      |        | 4",
            "aGVsbA=      |        | 7",
            "aGVsbA=x     |        | 6",
            "aGVsbG8=aGVs |        | 8",
            "a===         |        | 1",
    })
    void base64DecodesAndFailsLikeGosStdEncoding(String input, String decoded, Integer errorOffset) throws Exception {
        String text = input.replace("\\n", "\n");
        if (errorOffset == null) {
            assertEquals(decoded == null ? "" : decoded, new String(GoBase64.decode(text), StandardCharsets.US_ASCII));
        } else {
            GoBase64.IllegalBase64 e = assertThrows(GoBase64.IllegalBase64.class, () -> GoBase64.decode(text));
            assertEquals("illegal base64 data at input byte " + errorOffset, e.getMessage());
        }
    }
}
