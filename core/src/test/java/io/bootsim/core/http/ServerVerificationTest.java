package io.bootsim.core.http;

import io.bootsim.core.version.KubeVersion;
import io.netty.handler.ssl.ClientAuth;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Instant;
import java.util.List;

import static io.bootsim.core.http.TestCertificates.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The apiserver's certificate is judged as a Go client judges it, at the component's own clock. */
class ServerVerificationTest {

    static final TestCertificates.Issued CA = TestCertificates.ca("kubernetes");
    static final TestCertificates.Issued OTHER_CA = TestCertificates.ca("other-ca");

    static ClientFixture world;

    @BeforeAll
    static void start() {
        world = new ClientFixture();
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    /** What a client trusting {@code trusted} gets from a server presenting {@code serving}, at {@code now}. */
    private static Result get(TestCertificates.Issued serving, TestCertificates.Issued trusted, Instant now,
                              GoErrorTexts texts) throws Exception {
        try (ClientFixture at = new ClientFixture(now);
             TlsTestServer server = new TlsTestServer(at.group, serving, null, ClientAuth.NONE,
                     s -> TlsTestServer.Reply.json(200, "{}"))) {
            RestClient client = at.client("kubelet", ClientIdentity.of(server.url(), List.of(trusted.certificate())),
                    RateLimiter.unlimited(), RestClient.Options.defaults().withTexts(texts));
            return at.call(client, HttpRequest.get("/api"));
        }
    }

    private static Result get(TestCertificates.Issued serving, Instant now) throws Exception {
        return get(serving, CA, now, GoErrorTexts.newest());
    }

    @Test
    void validCertificateWithIpSanIsAccepted() throws Exception {
        Result r = get(TestCertificates.server(CA, "127.0.0.1"), NOW);
        assertEquals(200, r.statusCode(), r.goError());
    }

    @Test
    void expiredAtTheClientsClockNamesBothTimes() throws Exception {
        var serving = TestCertificates.server(CA, "kube-apiserver", NOW.minusSeconds(86_400 * 2),
                Instant.parse("2017-12-31T00:00:00Z"), "127.0.0.1");
        Result r = get(serving, NOW);
        assertEquals("tls: failed to verify certificate: x509: certificate has expired or is not yet valid: "
                + "current time 2018-01-01T00:00:00Z is after 2017-12-31T00:00:00Z", r.error().message());
        assertEquals(TransportError.Kind.SERVER_CERTIFICATE, ((TransportError) r.error()).kind());
    }

    @Test
    void notYetValidForAKubeletWhoseClockIsBehind() throws Exception {
        var serving = TestCertificates.server(CA, "kube-apiserver", NOW.plusSeconds(600), NOW.plusSeconds(86_400),
                "127.0.0.1");
        Result r = get(serving, NOW);
        assertEquals("tls: failed to verify certificate: x509: certificate has expired or is not yet valid: "
                + "current time 2018-01-01T00:00:00Z is before 2018-01-01T00:10:00Z", r.error().message());
    }

    @Test
    void kubernetes19PrintsTheBareExpiryTextWithoutPrefix() throws Exception {
        var serving = TestCertificates.server(CA, "kube-apiserver", NOW.minusSeconds(86_400 * 2),
                NOW.minusSeconds(86_400), "127.0.0.1");
        Result r = get(serving, CA, NOW, GoErrorTexts.forKube(KubeVersion.of(1, 9)));
        assertEquals("x509: certificate has expired or is not yet valid", r.error().message());
        assertEquals("Get https://127.0.0.1:" + URI.create(r.url()).getPort()
                + "/api: x509: certificate has expired or is not yet valid", r.goError());
    }

    @Test
    void unknownAuthority() throws Exception {
        Result r = get(TestCertificates.server(OTHER_CA, "127.0.0.1"), NOW);
        assertEquals("tls: failed to verify certificate: x509: certificate signed by unknown authority",
                r.error().message());
        assertTrue(r.goError().startsWith("Get \"https://127.0.0.1:"), r.goError());
    }

    @Test
    void regeneratedCaWithTheSameNameGivesGosHint() throws Exception {
        var regenerated = TestCertificates.ca("kubernetes");
        Result r = get(TestCertificates.server(regenerated, "127.0.0.1"), NOW);
        assertEquals("tls: failed to verify certificate: x509: certificate signed by unknown authority (possibly"
                + " because of \"x509: ECDSA verification failure\" while trying to verify candidate authority"
                + " certificate \"kubernetes\")", r.error().message());
    }

    @Test
    void wrongIpSan() throws Exception {
        Result r = get(TestCertificates.server(CA, "10.0.0.1"), NOW);
        assertEquals("tls: failed to verify certificate: x509: certificate is valid for 10.0.0.1, not 127.0.0.1",
                r.error().message());
    }

    @Test
    void dnsOnlyCertificateForAnIpAddress() throws Exception {
        Result r = get(TestCertificates.server(CA, "localhost"), NOW);
        assertEquals("tls: failed to verify certificate: x509: cannot validate certificate for 127.0.0.1 because"
                + " it doesn't contain any IP SANs", r.error().message());
    }

    @Test
    void commonNameOnlyCertificateIsLegacy() throws Exception {
        var serving = TestCertificates.server(CA, "127.0.0.1", NOW.minusSeconds(60), NOW.plusSeconds(86_400));
        Result r = get(serving, NOW);
        assertEquals("tls: failed to verify certificate: x509: certificate relies on legacy Common Name field,"
                + " use SANs instead", r.error().message());
    }

    @Test
    void tlsServerNameIsVerifiedInsteadOfTheHost() throws Exception {
        try (TlsTestServer server = new TlsTestServer(world.group, TestCertificates.server(CA, "kubernetes.default"),
                null, ClientAuth.NONE, s -> TlsTestServer.Reply.json(200, "{}"))) {
            ClientIdentity identity = ClientIdentity.of(server.url(), List.of(CA.certificate()))
                    .withTlsServerName("kubernetes.default");
            assertEquals(200, world.call(world.client("named", identity), HttpRequest.get("/api")).statusCode());
        }
    }

    @Test
    void insecureSkipTlsVerifyAcceptsAnything() throws Exception {
        try (TlsTestServer server = new TlsTestServer(world.group, TestCertificates.server(OTHER_CA, "10.9.9.9"),
                null, ClientAuth.NONE, s -> TlsTestServer.Reply.json(200, "{}"))) {
            ClientIdentity identity = ClientIdentity.of(server.url(), List.of()).withInsecureSkipTlsVerify(true);
            assertEquals(200, world.call(world.client("insecure", identity), HttpRequest.get("/api")).statusCode());
        }
    }

    @Test
    void connectionRefusedIsGosDialError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        RestClient client = world.client("refused",
                ClientIdentity.of(URI.create("https://127.0.0.1:" + port), List.of(CA.certificate())));
        Result r = world.call(client, HttpRequest.get("/api/v1/nodes"));
        assertEquals("dial tcp 127.0.0.1:" + port + ": connect: connection refused", r.error().message());
        assertEquals("Get \"https://127.0.0.1:" + port + "/api/v1/nodes\": dial tcp 127.0.0.1:" + port
                + ": connect: connection refused", r.goError());
    }
}
