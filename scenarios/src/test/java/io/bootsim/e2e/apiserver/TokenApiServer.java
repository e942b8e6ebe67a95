package io.bootsim.e2e.apiserver;

import io.bootsim.core.pki.CertificateAndKey;
import io.bootsim.core.pki.CertificateRequest;
import io.bootsim.core.pki.KeyType;
import io.bootsim.core.pki.Keys;
import io.bootsim.core.pki.Pem;
import io.bootsim.core.pki.Subject;
import io.bootsim.core.pki.TestPki;
import io.bootsim.core.random.RandomStreams;
import io.bootsim.e2e.support.BootsimProcess;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * `bootsim kube-apiserver` emulating 1.33 as its own process, with RBAC and a token file: an admin
 * in system:masters and a bootstrap user bound to system:node-bootstrapper by group, as clients
 * other than kubectl meet it. Kubeconfigs are written as plain files, the way tools generate them.
 */
final class TokenApiServer implements AutoCloseable {

    static final String ADMIN_TOKEN = "9d1c3b5a7e2f4d6c8b0a1e3f5d7c9b2a";
    static final String BOOTSTRAP_TOKEN = "1e3f5d7c9b2a9d1c3b5a7e2f4d6c8b0a";

    private final Path dir;
    private final BootsimProcess process;
    private final String url;
    private final TestPki pki;

    private TokenApiServer(Path dir, BootsimProcess process, String url, TestPki pki) {
        this.dir = dir;
        this.process = process;
        this.url = url;
        this.pki = pki;
    }

    static TokenApiServer start(Path dir) throws IOException, InterruptedException {
        TestPki pki = TestPki.ca("kubernetes");
        Files.writeString(dir.resolve("token.csv"), ADMIN_TOKEN + ",admin,admin,system:masters\n"
                + BOOTSTRAP_TOKEN + ",kubelet-bootstrap,10001,system:node-bootstrapper\n");
        CertificateAndKey serving = pki.server("localhost", "127.0.0.1");
        Files.writeString(dir.resolve("apiserver.pem"), Pem.encodeCertificates(serving.certificates()));
        Files.writeString(dir.resolve("apiserver-key.pem"), Pem.encodePrivateKey(serving.privateKey()));
        int port = BootsimProcess.freePort();
        BootsimProcess process = BootsimProcess.start(dir, "kube-apiserver", List.of("--secure-port=" + port,
                "--emulated-version=1.33", "--token-auth-file=token.csv", "--authorization-mode=Node,RBAC",
                "--tls-cert-file=apiserver.pem", "--tls-private-key-file=apiserver-key.pem"));
        process.awaitOutput("Serving securely on", Duration.ofSeconds(60));
        return new TokenApiServer(dir, process, "https://127.0.0.1:" + port, pki);
    }

    /** A kubeconfig file for {@code user} with a bearer token, trusting the cluster CA. */
    Path kubeconfig(String user, String token) throws IOException {
        String ca = Base64.getEncoder().encodeToString(pki.caPem().getBytes(StandardCharsets.US_ASCII));
        Path file = dir.resolve(user + ".kubeconfig");
        Files.writeString(file, "apiVersion: v1\nkind: Config\nclusters:\n- name: test\n  cluster:\n"
                + "    server: " + url + "\n    certificate-authority-data: " + ca + "\n"
                + "users:\n- name: " + user + "\n  user:\n    token: " + token + "\n"
                + "contexts:\n- name: test\n  context:\n    cluster: test\n    user: " + user + "\n"
                + "current-context: test\n");
        return file;
    }

    /** A kubelet client certificate request for {@code node}, PEM-encoded, as spec.request carries it. */
    static byte[] kubeletCsrPem(String node) {
        KeyPair key = Keys.generate(KeyType.ECDSA_P256, RandomStreams.seeded(7).stream(node));
        return Pem.encodeCertificateRequest(CertificateRequest.create(key,
                Subject.of("system:node:" + node, "system:nodes"), List.of(), List.of(),
                RandomStreams.seeded(7).stream("csr-" + node))).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
