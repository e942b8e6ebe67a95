package io.bootsim.core.http;

import io.netty.handler.ssl.ClientAuth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.util.List;

import static io.bootsim.core.http.TestCertificates.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The BoringSSL client stack behaves as the JDK one where a kubelet can tell: the same Go texts
 * for a server it must not trust (judged at the component's clock, not the machine's), the client
 * certificate on the wire, one full handshake per connection.
 */
class OpenSslClientTest {

    static final TestCertificates.Issued CA = TestCertificates.ca("kubernetes");
    static final TestCertificates.Issued OTHER_CA = TestCertificates.ca("other-ca");

    /** What a client of {@code tls} with {@code identity}'s trust gets from a server presenting {@code serving}. */
    private static Result get(TlsProvider tls, TestCertificates.Issued serving, Instant now,
                              java.util.function.UnaryOperator<ClientIdentity> identity) throws Exception {
        try (ClientFixture at = new ClientFixture(now, tls);
             TlsTestServer server = new TlsTestServer(at.group, serving, null, ClientAuth.OPTIONAL,
                     s -> TlsTestServer.Reply.json(200, "{\"client\":\"" + s.clientCertificate() + "\"}"))) {
            RestClient client = at.client("kubelet", identity.apply(ClientIdentity.of(server.url(),
                    List.of(CA.certificate()))));
            Result first = at.call(client, HttpRequest.get("/api"));
            if (first.isSuccess()) {
                assertEquals(first.json(), at.call(client, HttpRequest.get("/api")).json());
                assertEquals(1, server.handshakes.get(), "the second request reuses the kept-alive connection");
            }
            return first;
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void presentsTheClientCertificate(TlsProvider tls) throws Exception {
        TestCertificates.Issued node = TestCertificates.client(CA, "system:node:node-1");
        Result r = get(tls, TestCertificates.server(CA, "127.0.0.1"), NOW,
                id -> id.withClientCertificate(List.of(node.certificate()), node.keys().getPrivate()));
        assertEquals(200, r.statusCode(), r.goError());
        assertEquals("CN=system:node:node-1", r.json().path("client").asText());
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void unknownAuthorityHasGosText(TlsProvider tls) throws Exception {
        Result r = get(tls, TestCertificates.server(OTHER_CA, "127.0.0.1"), NOW, id -> id);
        assertEquals("tls: failed to verify certificate: x509: certificate signed by unknown authority",
                r.error().message());
        assertEquals(TransportError.Kind.SERVER_CERTIFICATE, ((TransportError) r.error()).kind());
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void expiryIsJudgedAtTheComponentsClock(TlsProvider tls) throws Exception {
        // valid on the machine's clock today, expired at the component's clock a year after NOW
        Instant later = NOW.plusSeconds(400 * 86_400L);
        Result r = get(tls, TestCertificates.server(CA, "127.0.0.1"), later, id -> id);
        assertEquals("tls: failed to verify certificate: x509: certificate has expired or is not yet valid: "
                + "current time 2019-02-05T00:00:00Z is after 2019-01-01T00:00:00Z", r.error().message());
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void aServersAlertHasGosText(TlsProvider tls) throws Exception {
        // the server checks client certificates at the machine's clock: one from 2018 has expired
        TestCertificates.Issued node = TestCertificates.client(CA, "system:node:node-1");
        try (ClientFixture at = new ClientFixture(NOW, tls);
             TlsTestServer server = new TlsTestServer(at.group, TestCertificates.server(CA, "127.0.0.1"),
                     CA.certificate(), ClientAuth.REQUIRE, s -> TlsTestServer.Reply.json(200, "{}"))) {
            RestClient client = at.client("kubelet", ClientIdentity.of(server.url(), List.of(CA.certificate()))
                    .withClientCertificate(List.of(node.certificate()), node.keys().getPrivate()));
            Result r = at.call(client, HttpRequest.get("/api"));
            assertEquals("remote error: tls: expired certificate", r.error().message());
            assertEquals(TransportError.Kind.REMOTE_TLS_ALERT, ((TransportError) r.error()).kind());
        }
    }

    @Test
    void flagValuesNameTheStacks() {
        assertEquals(TlsProvider.OPENSSL, TlsProvider.parse("openssl"));
        assertEquals(TlsProvider.JDK, TlsProvider.parse("jdk"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TlsProvider.parse("boring"));
        assertEquals("unknown TLS implementation \"boring\": use jdk or openssl", e.getMessage());
    }
}
