package io.bootsim.kubelet.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.bootsim.core.api.Json;
import io.bootsim.core.http.ClientIdentity;
import io.bootsim.core.http.ClientNetwork;
import io.bootsim.core.http.GoErrorTexts;
import io.bootsim.core.http.HttpRequest;
import io.bootsim.core.http.RateLimiter;
import io.bootsim.core.http.RestClient;
import io.bootsim.core.http.TlsProvider;
import io.bootsim.core.http.Result;
import io.bootsim.core.http.RoundTrip;
import io.bootsim.core.log.LogLine;
import io.bootsim.core.pki.CertificateAndKey;
import io.bootsim.core.pki.TestPki;
import io.bootsim.core.random.RandomStreams;
import io.bootsim.core.runtime.ComponentContext;
import io.bootsim.core.time.VirtualClock;
import io.bootsim.core.time.VirtualScheduler;
import io.bootsim.core.trace.MemoryTrace;
import io.bootsim.core.trace.TraceEvent;
import io.bootsim.core.trace.Tracer;
import io.bootsim.core.version.KubeVersion;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContextBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A kubelet API server on loopback with the virtual clock in 2018 and certificates that were valid
 * then (and have expired on the machine's clock), a fake kube-apiserver answering its
 * SubjectAccessReviews, and the JDK's HTTP client in the apiserver's place.
 */
class KubeletServerTest {

    private static final KubeVersion VERSION = KubeVersion.parse("1.33");
    private static final Instant CA_FROM = Instant.parse("2017-01-01T00:00:00Z");
    private static final Instant CA_TO = Instant.parse("2019-01-01T00:00:00Z");

    private final NioEventLoopGroup group = new NioEventLoopGroup(2);
    private final VirtualClock clock = new VirtualClock(Instant.parse("2018-06-01T00:00:00Z"));
    private final VirtualScheduler scheduler = new VirtualScheduler(clock, Duration.ofSeconds(5));
    private final MemoryTrace trace = new MemoryTrace();
    private final List<LogLine> logs = new CopyOnWriteArrayList<>();
    private final ComponentContext ctx = ComponentContext.of("kubelet/node-0", clock, scheduler, RandomStreams.seeded(1),
            trace, 0, logs::add);
    private final TestPki pki = TestPki.ca("kubernetes", CA_FROM, CA_TO);
    private final CertificateAndKey serving = pki.server("127.0.0.1");
    private final CertificateAndKey apiserverClient = pki.client("kube-apiserver-kubelet-client");
    private final AtomicBoolean sarAllows = new AtomicBoolean(true);
    private final List<JsonNode> reviews = new CopyOnWriteArrayList<>();
    private final AtomicReference<Optional<CertificateAndKey>> current = new AtomicReference<>(Optional.of(serving));
    private Channel apiserver;
    private KubeletServer server;
    private int port;

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
        if (apiserver != null) {
            apiserver.close();
        }
        group.shutdownGracefully();
    }

    /** The kubelet's API serves with the TLS stack its network names (BoringSSL only with --sim-tls=openssl). */
    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void clientCertificateValidAtTheVirtualTimeIsAuthenticatedAndAuthorizedBySubjectAccessReview(TlsProvider tls)
            throws Exception {
        start(true, tls);

        Result response = get(apiserverClient);

        assertEquals(200, response.statusCode());
        assertEquals("ok", response.bodyText());
        JsonNode spec = reviews.get(0).path("spec");
        assertEquals("kube-apiserver-kubelet-client", spec.path("user").asText());
        assertEquals("[\"system:authenticated\"]", spec.path("groups").toString());
        // 1.33's fine-grained authorization asks for nodes/healthz first
        assertEquals("{\"verb\":\"get\",\"version\":\"v1\",\"resource\":\"nodes\",\"subresource\":\"healthz\",\"name\":\"node-0\"}",
                spec.path("resourceAttributes").toString());
        List<TraceEvent> events = trace.events();
        assertEquals(List.of("authentication", "authorization"), events.stream().map(TraceEvent::type).toList());
        assertEquals("x509", events.get(0).field("authenticator"));
        assertEquals(true, events.get(1).field("allowed"));
        scheduler.runUntilIdle(); // every announced handshake has ended: nothing holds the scheduler
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void expiredClientCertificateIsUnauthorizedWithTheKubeletsLogLine(TlsProvider tls) throws Exception {
        start(true, tls);
        scheduler.advance(Duration.ofDays(365)); // 2019-06-01

        Result response = get(apiserverClient);

        assertEquals(401, response.statusCode());
        assertEquals("Unauthorized", response.bodyText());
        var leaf = apiserverClient.certificate();
        String error = "verifying certificate SN=" + leaf.getSerialNumber() + ", SKID="
                + io.bootsim.core.pki.CertificateFields.columnSeparatedHex(io.bootsim.core.pki.CertificateFields.subjectKeyId(leaf))
                + ", AKID=" + io.bootsim.core.pki.CertificateFields.columnSeparatedHex(io.bootsim.core.pki.CertificateFields.authorityKeyId(leaf))
                + " failed: x509: certificate has expired or is not yet valid: current time 2019-06-01T00:00:00Z is after "
                + "2019-01-01T00:00:00Z";
        assertTrue(logs.stream().anyMatch(l -> l.severity() == LogLine.Severity.ERROR && l.message().equals(
                "\"Unable to authenticate the request due to an error\" err=\"" + error + "\"")), logs.toString());
        assertTrue(reviews.isEmpty(), "a failed certificate is not followed by anonymous or webhook authorization");
        assertEquals("unauthorized", trace.events().get(0).field("result"));
    }

    @Test
    void webhookDenialIsForbiddenWithTheKubeletsTextAndCachedForThirtySeconds() throws Exception {
        start(true);
        sarAllows.set(false);

        Result denied = get(apiserverClient);

        assertEquals(403, denied.statusCode());
        assertEquals("Forbidden (user=kube-apiserver-kubelet-client, verb=get, resource=nodes, subresource(s)=[healthz proxy])\n",
                denied.bodyText());
        assertEquals(List.of("healthz", "proxy"), reviews.stream()
                .map(r -> r.path("spec").path("resourceAttributes").path("subresource").asText()).toList());

        sarAllows.set(true); // the binding is fixed, but the kubelet remembers the denial
        assertEquals(403, get(apiserverClient).statusCode());
        scheduler.advance(WebhookAuthorizer.UNAUTHORIZED_TTL);
        assertEquals(200, get(apiserverClient).statusCode());
    }

    @Test
    void before132TheForbiddenTextNamesOneSubresource() {
        NodeRequestAttributes a = NodeRequestAttributes.of(UserInfo.ANONYMOUS, "GET", "/healthz", "node-0",
                KubeVersion.parse("1.27"));
        assertEquals("Forbidden (user=system:anonymous, verb=get, resource=nodes, subresource=proxy)",
                a.forbidden(KubeVersion.parse("1.27")));
        assertEquals(List.of("stats"), NodeRequestAttributes.of(UserInfo.ANONYMOUS, "GET", "/stats/summary", "n",
                KubeVersion.parse("1.27")).subresources());
        assertEquals(List.of("proxy"), NodeRequestAttributes.of(UserInfo.ANONYMOUS, "GET", "/statsx", "n",
                KubeVersion.parse("1.27")).subresources());
    }

    @Test
    void withoutAClientCertificateAnonymousIsAskedFor() throws Exception {
        start(true);
        sarAllows.set(false);

        Result response = get(null);

        assertEquals(403, response.statusCode());
        assertTrue(response.bodyText().startsWith("Forbidden (user=system:anonymous, verb=get, resource=nodes, "), response.bodyText());
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void noServingCertificateAnswersTheClientHelloWithGosInternalErrorAlert(TlsProvider tls) throws Exception {
        start(true, tls);
        current.set(Optional.empty());

        byte[] answer;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(clientHello());
            answer = readAll(socket.getInputStream());
        }

        assertArrayEquals(new byte[] {21, 3, 3, 0, 2, 2, 80}, answer);
        assertTrue(logs.stream().anyMatch(l -> l.message().matches("http: TLS handshake error from 127\\.0\\.0\\.1:\\d+: "
                + "no serving certificate available for the kubelet")), logs.toString());

        assertEquals("Get \"https://127.0.0.1:" + port + "/healthz\": remote error: tls: internal error",
                get(apiserverClient).goError());
        scheduler.runUntilIdle();
    }

    private void start(boolean webhookAuthorization) throws Exception {
        start(webhookAuthorization, TlsProvider.JDK);
    }

    private void start(boolean webhookAuthorization, TlsProvider tls) throws Exception {
        startApiserver();
        ClientIdentity toApiserver = ClientIdentity.of(URI.create("https://127.0.0.1:"
                        + ((InetSocketAddress) apiserver.localAddress()).getPort()), List.of(pki.caCertificate()))
                .withClientCertificate(pki.client("system:node:node-0", "system:nodes").certificates(),
                        pki.client("system:node:node-0", "system:nodes").privateKey());
        RestClient api = new RestClient("kubelet/node-0/node-1", toApiserver, new ClientNetwork(group, TlsProvider.JDK),
                scheduler, RateLimiter.unlimited(), RestClient.Options.defaults(), new Tracer("kubelet/node-0", clock, trace),
                clock);
        server = new KubeletServer(ctx, "node-0", VERSION, current::get,
                new KubeletServer.Auth(List.of(pki.caCertificate()), true, true, webhookAuthorization), () -> api);
        port = server.start(group, tls, "127.0.0.1", 0);
    }

    /** Answers SubjectAccessReviews as sarAllows says; it verifies nothing. */
    private void startApiserver() throws Exception {
        CertificateAndKey cert = pki.server("127.0.0.1");
        var tls = SslContextBuilder.forServer(cert.privateKey(), cert.certificates().toArray(new java.security.cert.X509Certificate[0]))
                .build();
        apiserver = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(tls.newHandler(ch.alloc()), new HttpServerCodec(),
                                new HttpObjectAggregator(1 << 16), new SimpleChannelInboundHandler<FullHttpRequest>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext c, FullHttpRequest req) throws Exception {
                                        JsonNode review = Json.mapper().readTree(req.content().toString(StandardCharsets.UTF_8));
                                        reviews.add(review);
                                        String body = "{\"kind\":\"SubjectAccessReview\",\"apiVersion\":\"authorization.k8s.io/v1\","
                                                + "\"status\":{\"allowed\":" + sarAllows.get() + "}}";
                                        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                                                HttpResponseStatus.CREATED, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
                                        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
                                        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
                                        c.writeAndFlush(r);
                                    }
                                });
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    /** GET /healthz as kube-apiserver's node proxy sends it, with {@code client} (or none) as its certificate. */
    private Result get(CertificateAndKey client) {
        ClientIdentity identity = ClientIdentity.of(URI.create("https://127.0.0.1:" + port), List.of())
                .withInsecureSkipTlsVerify(true);
        if (client != null) {
            identity = identity.withClientCertificate(client.certificates(), client.privateKey());
        }
        return RoundTrip.send(identity, new ClientNetwork(group, TlsProvider.JDK), clock, GoErrorTexts.newest(),
                "kube-apiserver", HttpRequest.get("/healthz"), Duration.ofSeconds(10));
    }

    /** A TLS 1.3 ClientHello record, as the JDK's client writes it first. */
    private static byte[] clientHello() throws Exception {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine("127.0.0.1", 10250);
        engine.setUseClientMode(true);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.beginHandshake();
        engine.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] hello = new byte[out.remaining()];
        out.get(hello);
        assertEquals(22, hello[0], "a handshake record");
        return hello;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[256];
        for (int n; (n = in.read(buffer)) > 0; ) {
            bytes.write(buffer, 0, n);
        }
        return bytes.toByteArray();
    }
}
