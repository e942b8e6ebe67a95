package io.bootsim.core.http;

import io.bootsim.core.api.Json;
import io.bootsim.core.api.Status;
import io.bootsim.core.trace.Secret;
import io.bootsim.core.trace.TraceEvent;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.ssl.ClientAuth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Credentials on the wire, connection reuse, API errors and the trace, against a real TLS server. */
class RestClientTest {

    static final TestCertificates.Issued CA = TestCertificates.ca("kubernetes");
    static final TestCertificates.Issued SERVING = TestCertificates.server(CA, "127.0.0.1");

    ClientFixture world;
    TlsTestServer server;

    @BeforeEach
    void start() throws Exception {
        world = new ClientFixture();
        server = new TlsTestServer(world.group, SERVING, null, ClientAuth.OPTIONAL, s -> switch (s.uri()) {
            case "/forbidden" -> TlsTestServer.Reply.json(403, Status.forbidden("", "nodes", "",
                    "nodes is forbidden: User \"kubelet-bootstrap\" cannot list resource \"nodes\" in API group \"\""
                            + " at the cluster scope").toJson());
            case "/plain404" -> TlsTestServer.Reply.json(404, "404 page not found");
            default -> TlsTestServer.Reply.json(200, "{\"kind\":\"NodeList\",\"items\":[]}");
        });
    }

    @AfterEach
    void stop() {
        server.close();
        world.close();
    }

    private ClientIdentity identity() {
        return ClientIdentity.of(server.url(), List.of(CA.certificate()));
    }

    @Test
    void schedulerKeysCountInTenZeroPaddedDigitsAsPercent010dDid() {
        for (long n : new long[] {0, 1, 9, 10, 42, 123_456_789, 9_999_999_999L, 10_000_000_000L, Long.MAX_VALUE}) {
            assertEquals(String.format(java.util.Locale.ROOT, "%010d", n), RestClient.ordinal(n));
        }
    }

    @Test
    void theNetworkCountsAConnectionToAPortUntilItHasSeenItClose() throws Exception {
        RestClient client = world.client("kubelet", identity().withBearerToken("07401b.f395accd246ae52d"));
        assertEquals(200, world.call(client, HttpRequest.get("/api/v1/nodes")).statusCode());
        assertTrue(world.network.connectedToPort(server.port()), "kept alive after the request");
        assertFalse(world.network.connectedToPort(server.port() + 1));
        server.close();
        long until = System.nanoTime() + 10_000_000_000L;
        while (world.network.connectedToPort(server.port()) && System.nanoTime() < until) {
            Thread.sleep(1);
        }
        assertFalse(world.network.connectedToPort(server.port()), "the server closed it");
    }

    @Test
    void bearerTokenIsSentAsAuthorizationHeader() {
        RestClient client = world.client("kubelet", identity().withBearerToken("07401b.f395accd246ae52d"));
        Result r = world.call(client, HttpRequest.get("/api/v1/nodes"));
        assertEquals(200, r.statusCode());
        assertEquals("NodeList", r.json().get("kind").asText());
        assertEquals("Bearer 07401b.f395accd246ae52d", server.seen.get(0).headers().get("authorization"));
        assertEquals("application/json, */*", server.seen.get(0).headers().get("accept"));
    }

    @Test
    void clientCertificateIsPresented() {
        var node = TestCertificates.client(CA, "system:node:node-1");
        RestClient client = world.client("kubelet", identity().withClientCertificate(List.of(node.certificate()),
                node.keys().getPrivate()));
        world.call(client, HttpRequest.get("/api/v1/nodes"));
        assertEquals("CN=system:node:node-1", server.seen.get(0).clientCertificate());
        assertFalse(server.seen.get(0).headers().containsKey("authorization"));
    }

    @Test
    void identityFromAResolvedKubeconfigContext() throws Exception {
        var node = TestCertificates.client(CA, "system:node:node-1");
        byte[] ca = io.bootsim.core.pki.Pem.encodeCertificate(CA.certificate()).getBytes();
        byte[] cert = io.bootsim.core.pki.Pem.encodeCertificate(node.certificate()).getBytes();
        byte[] key = io.bootsim.core.pki.Pem.encodePrivateKey(node.keys().getPrivate()).getBytes();
        var config = new io.bootsim.core.kubeconfig.RestConfig("default", server.url().toString(), "", ca, false, "",
                "", "", "", cert, "", key, "default");
        RestClient client = world.client("kubelet", ClientIdentity.from(config));
        assertEquals(200, world.call(client, HttpRequest.get("/api/v1/nodes")).statusCode());
        assertEquals("CN=system:node:node-1", server.seen.get(0).clientCertificate());
    }

    @Test
    void keptAliveConnectionIsReusedAndNewCredentialsHandshakeAgain() {
        RestClient bootstrap = world.client("kubelet", identity().withBearerToken("07401b.f395accd246ae52d"));
        for (int i = 0; i < 3; i++) {
            assertEquals(200, world.call(bootstrap, HttpRequest.get("/api/v1/nodes")).statusCode());
        }
        assertEquals(1, server.handshakes.get());
        assertEquals(1, bootstrap.dials().opened());

        var node = TestCertificates.client(CA, "system:node:node-1");
        bootstrap.close();
        RestClient certified = world.client("kubelet", identity().withClientCertificate(List.of(node.certificate()),
                node.keys().getPrivate()));
        world.call(certified, HttpRequest.get("/api/v1/nodes"));
        world.call(certified, HttpRequest.get("/api/v1/nodes"));
        assertEquals(2, server.handshakes.get(), "the second identity does the kubelet's second handshake");
    }

    @Test
    void jsonBodyIsPostedWithContentType() {
        RestClient client = world.client("kubelet", identity());
        var csr = Json.object().put("kind", "CertificateSigningRequest");
        world.call(client, HttpRequest.post("/apis/certificates.k8s.io/v1/certificatesigningrequests", csr));
        assertEquals("POST", server.seen.get(0).method());
        assertEquals("{\"kind\":\"CertificateSigningRequest\"}", server.seen.get(0).body());
        assertEquals("application/json", server.seen.get(0).headers().get("content-type"));
    }

    @Test
    void apiErrorIsTheStatusFromTheBody() {
        Result r = world.call(world.client("kubelet", identity()), HttpRequest.get("/forbidden"));
        ApiError error = r.apiError().orElseThrow();
        assertEquals(403, error.code());
        assertEquals("Forbidden", error.reason());
        assertEquals("nodes is forbidden: User \"kubelet-bootstrap\" cannot list resource \"nodes\" in API group \"\""
                + " at the cluster scope", r.goError());
    }

    @Test
    void bodyThatIsNotAStatusBecomesClientGosGenericError() {
        Result r = world.call(world.client("kubectl", identity()), HttpRequest.get("/plain404"));
        assertEquals("NotFound", r.apiError().orElseThrow().reason());
        assertEquals("the server could not find the requested resource", r.error().message());
    }

    @Test
    void serverThatRejectsTheClientCertificateIsARemoteTlsError() throws Exception {
        var otherCa = TestCertificates.ca("other");
        var node = TestCertificates.client(CA, "system:node:node-1");
        try (TlsTestServer strict = new TlsTestServer(world.group, SERVING, otherCa.certificate(), ClientAuth.REQUIRE,
                s -> TlsTestServer.Reply.json(200, "{}"))) {
            // The server asks for certificates issued by another CA: like Go, the client then sends none.
            RestClient client = world.client("kubelet", ClientIdentity.of(strict.url(), List.of(CA.certificate()))
                    .withClientCertificate(List.of(node.certificate()), node.keys().getPrivate()));
            Result r = world.call(client, HttpRequest.get("/api"));
            TransportError error = (TransportError) r.error();
            assertEquals(TransportError.Kind.REMOTE_TLS_ALERT, error.kind(), error.message());
            assertTrue(error.message().startsWith("remote error: tls: "), error.message());
        }
    }

    @Test
    void eachRequestIsTracedWithTheRedactedIdentity() {
        RestClient client = world.client("kubelet", identity().withBearerToken("07401b.f395accd246ae52d"));
        world.call(client, HttpRequest.get("/api/v1/nodes?limit=500"));
        TraceEvent event = world.trace.events().get(0);
        assertEquals("http.request", event.type());
        assertEquals("kubelet", event.component());
        assertEquals("GET", event.field("method"));
        assertEquals("/api/v1/nodes?limit=500", event.field("path"));
        assertEquals(200, event.field("code"));
        assertEquals(Secret.token("07401b.f395accd246ae52d"), event.field("token"));
        assertEquals("07401b...", event.field("token").toString());
    }

    @Test
    void requestTimeoutFiresOnTheSchedulerInLiveMode() throws Exception {
        var slow = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (TlsTestServer stalled = new TlsTestServer(slow, SERVING, null, ClientAuth.NONE, s -> {
            try {
                Thread.sleep(1500); // a server that does not answer in time
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return TlsTestServer.Reply.json(200, "{}");
        }); var live = new io.bootsim.core.time.ExecutorScheduler("kubelet", () -> TestCertificates.NOW)) {
            RestClient client = new RestClient("kubelet", ClientIdentity.of(stalled.url(), List.of(CA.certificate())),
                    world.network, live, RateLimiter.unlimited(),
                    RestClient.Options.defaults().withTimeout(Duration.ofMillis(300)),
                    io.bootsim.core.trace.Tracer.discard("kubelet"));
            var done = new java.util.concurrent.CompletableFuture<Result>();
            live.execute(() -> client.send(HttpRequest.get("/api"), done::complete));
            Result r = done.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(TransportError.Kind.TIMEOUT, ((TransportError) r.error()).kind());
            assertEquals("context deadline exceeded", r.error().message());
        } finally {
            slow.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void concurrentResponsesReachTheSchedulerInKeyOrderWhateverTheNetworkOrder() throws Exception {
        var serverLoops = new MultiThreadIoEventLoopGroup(4, NioIoHandler.newFactory());
        try (TlsTestServer racing = new TlsTestServer(serverLoops, SERVING, null, ClientAuth.NONE, s -> {
            try {
                Thread.sleep(s.uri().equals("/slow") ? 300 : 0); // the first request answers last
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return TlsTestServer.Reply.json(200, "{}");
        })) {
            for (int run = 0; run < 2; run++) {
                List<String> order = new ArrayList<>();
                ClientIdentity id = ClientIdentity.of(racing.url(), List.of(CA.certificate()));
                RestClient a = world.client("kubelet-a", id);
                RestClient b = world.client("kubelet-b", id);
                world.scheduler.execute(() -> {
                    a.send(HttpRequest.get("/slow"), r -> order.add("a/slow"));
                    b.send(HttpRequest.get("/fast"), r -> order.add("b/fast"));
                    a.send(HttpRequest.get("/fast"), r -> order.add("a/fast"));
                });
                world.scheduler.runUntilIdle();
                assertEquals(List.of("a/slow", "a/fast", "b/fast"), order);
            }
        } finally {
            serverLoops.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
