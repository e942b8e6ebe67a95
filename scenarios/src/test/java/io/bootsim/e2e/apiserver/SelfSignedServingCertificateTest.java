package io.bootsim.e2e.apiserver;

import io.bootsim.core.pki.Pem;
import io.bootsim.e2e.support.BootsimProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Without --tls-cert-file the real kube-apiserver generates a self-signed serving certificate for
 * localhost and 127.0.0.1 into --cert-dir (apiserver.crt holds the certificate and its CA,
 * apiserver.key the key) and uses the same files on the next start.
 */
class SelfSignedServingCertificateTest {

    @Test
    void generatedIntoCertDirWithLocalhostSansAndReusedOnRestart(@TempDir Path dir) throws Exception {
        Path crt = dir.resolve("certs/apiserver.crt");
        Path key = dir.resolve("certs/apiserver.key");

        X509Certificate first = startAndFetchServingCertificate(dir, crt);
        List<X509Certificate> written = Pem.certificates(Files.readAllBytes(crt), crt.toString());
        assertEquals(2, written.size(), "the serving certificate followed by its self-signed CA");
        assertEquals(written.get(0), first);
        List<String> sans = new ArrayList<>();
        first.getSubjectAlternativeNames().forEach(san -> sans.add(san.get(1).toString()));
        assertEquals(List.of("localhost", "127.0.0.1"), sans);
        assertTrue(first.getSubjectX500Principal().getName().startsWith("CN=localhost@"), first.getSubjectX500Principal().getName());
        assertTrue(Files.readString(key).startsWith("-----BEGIN "), "a PEM private key");
        byte[] crtBytes = Files.readAllBytes(crt);
        byte[] keyBytes = Files.readAllBytes(key);

        X509Certificate second = startAndFetchServingCertificate(dir, crt);
        assertEquals(first, second, "the restarted server serves the certificate it generated before");
        assertArrayEquals(crtBytes, Files.readAllBytes(crt));
        assertArrayEquals(keyBytes, Files.readAllBytes(key));
    }

    /** Starts the server, lets a client that trusts only the CA in apiserver.crt GET /healthz, stops it. */
    private static X509Certificate startAndFetchServingCertificate(Path dir, Path crt) throws Exception {
        int port = BootsimProcess.freePort();
        Files.writeString(dir.resolve("token.csv"), "0123456789abcdef,admin,admin\n");
        try (BootsimProcess server = BootsimProcess.start(dir, "kube-apiserver", List.of("--secure-port=" + port,
                "--cert-dir=certs", "--token-auth-file=token.csv", "--authorization-mode=AlwaysAllow"))) {
            server.awaitOutput("Serving securely on", Duration.ofSeconds(60));
            List<X509Certificate> chain = Pem.certificates(Files.readAllBytes(crt), crt.toString());
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("ca", chain.get(chain.size() - 1));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port)) {
                var params = socket.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS"); // checks the 127.0.0.1 SAN, as Go clients do
                socket.setSSLParameters(params);
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Authorization: Bearer 0123456789abcdef\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                ByteArrayOutputStream response = new ByteArrayOutputStream();
                InputStream in = socket.getInputStream();
                in.transferTo(response);
                String text = response.toString(StandardCharsets.UTF_8);
                assertTrue(text.startsWith("HTTP/1.1 200") && text.endsWith("ok"), text);
                return (X509Certificate) socket.getSession().getPeerCertificates()[0];
            }
        }
    }
}
