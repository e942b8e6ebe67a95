package io.bootsim.core.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.ssl.ClientAuth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static io.bootsim.core.http.WatchTest.ADDED;
import static io.bootsim.core.http.WatchTest.CA;
import static io.bootsim.core.http.WatchTest.MODIFIED;
import static io.bootsim.core.http.WatchTest.SERVING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HTTP/2 as Go's transport speaks it: one connection per identity carries every request and watch as a stream. */
class Http2ClientTest {

    private static final String NODES = "/api/v1/nodes";
    private static final String WATCH = "/api/v1/nodes?watch=true";

    ClientFixture world;

    @BeforeEach
    void start() {
        world = new ClientFixture();
    }

    @AfterEach
    void stop() {
        world.close();
    }

    private TlsTestServer server(int maxStreams, TlsTestServer.Reply watchReply) throws Exception {
        return new TlsTestServer(world.group, SERVING, null, ClientAuth.NONE, maxStreams,
                s -> s.uri().contains("watch=true") ? watchReply : TlsTestServer.Reply.json(200, "{\"kind\":\"NodeList\"}"));
    }

    private RestClient client(TlsTestServer server) {
        return world.client("kubelet", ClientIdentity.of(server.url(), List.of(CA.certificate()))
                .withBearerToken("07401b.f395accd246ae52d"));
    }

    @Test
    void requestsAndTwoWatchesAreStreamsOfOneConnection() throws Exception {
        try (TlsTestServer server = server(100, TlsTestServer.Reply.openStream(List.of(ADDED, MODIFIED)))) {
            RestClient client = client(server);
            WatchTest.Recorder nodes = new WatchTest.Recorder();
            WatchTest.Recorder more = new WatchTest.Recorder();
            Watch first = client.watch(WATCH, nodes);
            client.watch(WATCH + "&labelSelector=a", more);
            for (int i = 0; i < 3; i++) {
                assertEquals(200, world.call(client, HttpRequest.get(NODES)).statusCode());
            }
            runUntil(() -> world.network.queuedWatchEvents() == 4);

            assertEquals(1, client.dials().opened());
            assertEquals(1, server.handshakes.get());
            assertEquals(1, world.network.fullHandshakes(), "the client checked the server's chain once");
            assertEquals(5, server.seen.size());
            server.seen.forEach(seen -> assertEquals("h2", seen.protocol()));
            assertEquals("Bearer 07401b.f395accd246ae52d", server.seen.get(0).headers().get("authorization"));
            assertEquals("gzip", server.seen.get(0).headers().get("accept-encoding"));
            assertEquals(List.of("ADDED", "MODIFIED"), nodes.events.stream().map(WatchEvent::type).toList());
            assertEquals(List.of("ADDED", "MODIFIED"), more.events.stream().map(WatchEvent::type).toList());

            // each open watch is counted on its own stream of the one connection, under the stream's id
            runUntil(() -> world.network.openConnections().size() == 2);
            Set<String> open = world.network.openConnections();
            assertEquals(2, open.size(), open.toString());
            assertEquals(1, open.stream().map(k -> k.substring(0, k.indexOf('/'))).distinct().count(), open.toString());
            assertEquals(Set.of(server.seen.get(0).headers().get("x-http2-stream-id"),
                            server.seen.get(1).headers().get("x-http2-stream-id")),
                    open.stream().map(k -> k.substring(k.indexOf('/') + 1)).collect(java.util.stream.Collectors.toSet()));
            open.forEach(stream -> assertEquals(2, world.network.queuedWatchEvents(stream)));

            first.stop(); // RST_STREAM: the other watch and the connection stay
            runUntil(() -> world.network.openConnections().size() == 1);
            assertEquals(1, world.network.openConnections().size());
            assertEquals(200, world.call(client, HttpRequest.get(NODES)).statusCode());
            assertEquals(1, client.dials().opened());
            assertTrue(more.ends.isEmpty(), "the other watch goes on");
        }
    }

    @Test
    void serverWithoutH2IsSpokenToInHttp11OneConnectionPerExchangeInFlight() throws Exception {
        try (TlsTestServer server = server(0, TlsTestServer.Reply.openStream(List.of(ADDED)))) {
            RestClient client = client(server);
            client.watch(WATCH, new WatchTest.Recorder());
            client.watch(WATCH, new WatchTest.Recorder());
            runUntil(() -> world.network.queuedWatchEvents() == 2);
            assertEquals(200, world.call(client, HttpRequest.get(NODES)).statusCode());
            assertEquals(200, world.call(client, HttpRequest.get(NODES)).statusCode());

            assertEquals(3, client.dials().opened(), "one per watch, and one kept alive for the requests");
            assertEquals(3, world.network.fullHandshakes());
            server.seen.forEach(seen -> assertNotEquals("h2", seen.protocol()));
            world.network.openConnections().forEach(c -> assertTrue(!c.contains("/"), c));
        }
    }

    @Test
    void streamLimitOfTheServerOpensAnotherConnectionAsGoDoes() throws Exception {
        try (TlsTestServer server = server(1, TlsTestServer.Reply.openStream(List.of(ADDED)))) {
            RestClient client = client(server);
            client.watch(WATCH, new WatchTest.Recorder());
            runUntil(() -> world.network.queuedWatchEvents() == 1);
            client.watch(WATCH, new WatchTest.Recorder());
            runUntil(() -> world.network.queuedWatchEvents() == 2);

            assertEquals(new Dials(2, 0, 0), client.dials(), "a second connection, replacing none");
            assertEquals(2, server.handshakes.get());
            assertEquals(2, world.network.queuedWatchEvents());
        }
    }

    @Test
    void watchWhoseConnectionTheServerClosesWithGoAwayEndsWithGosText() throws Exception {
        try (TlsTestServer server = server(100, TlsTestServer.Reply.streamThen(List.of(ADDED),
                TlsTestServer.End.CLOSE_CONNECTION))) {
            WatchTest.Recorder recorder = watchUntilClosed(server);
            assertEquals(1, recorder.events.size());
            assertEquals("http2: server sent GOAWAY and closed the connection; LastStreamID=3, ErrCode=NO_ERROR, "
                    + "debug=\"\"", recorder.ends.get(0).message());
        }
    }

    /**
     * The next request after the server ended the connection with GOAWAY dials anew, as Go's transport does;
     * the dial replaces the ended connection, so the client still keeps one (a bench holds only kept ones
     * against a kubelet).
     */
    @Test
    void aDialAfterTheServersGoAwayReplacesTheConnection() throws Exception {
        try (TlsTestServer server = server(100, TlsTestServer.Reply.streamThen(List.of(ADDED),
                TlsTestServer.End.CLOSE_CONNECTION))) {
            RestClient client = client(server);
            WatchTest.Recorder recorder = new WatchTest.Recorder();
            client.watch(WATCH, recorder);
            runUntil(() -> recorder.closed);
            runUntil(() -> world.network.openConnections().isEmpty());
            assertEquals(200, world.call(client, HttpRequest.get(NODES)).statusCode());

            assertEquals(new Dials(2, 0, 1), client.dials());
            assertEquals(1, client.dials().kept());
            assertEquals(1, client.dials().redials());
        }
    }

    @Test
    void watchWhoseConnectionIsLostEndsWithUnexpectedEof() throws Exception {
        try (TlsTestServer server = server(100, TlsTestServer.Reply.streamThen(List.of(ADDED),
                TlsTestServer.End.DROP_CONNECTION))) {
            WatchTest.Recorder recorder = watchUntilClosed(server);
            assertEquals(1, recorder.events.size());
            assertEquals("unexpected EOF", recorder.ends.get(0).message());
        }
    }

    @Test
    void aRequestTheServerRefusedIsSentAgainAsGoRetriesIt() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        try (TlsTestServer server = new TlsTestServer(world.group, SERVING, null, ClientAuth.NONE, 100,
                s -> requests.incrementAndGet() == 1 ? TlsTestServer.Reply.refused()
                        : TlsTestServer.Reply.json(200, "{\"kind\":\"NodeList\"}"))) {
            RestClient client = client(server);
            AtomicReference<Result> result = new AtomicReference<>();
            client.send(HttpRequest.get(NODES), result::set);
            runUntil(() -> result.get() != null);

            assertEquals(200, result.get().statusCode(), String.valueOf(result.get().error()));
            assertEquals(2, server.seen.size());
            assertEquals(1, client.dials().opened());
        }
    }

    @Test
    void aRequestWhoseStreamAGoAwayOvertookIsSentAgainAsGoDoes() {
        // the GOAWAY arrives between reserving a stream and writing its HEADERS: Netty refuses the write
        // with its own text, and Go treats the request as never sent (errClientConnGotGoAway), to retry
        EmbeddedChannel channel = new EmbeddedChannel();
        Http2FrameCodec codec =
                Http2FrameCodecBuilder.forClient().build();
        Http2Connection connection = new Http2Connection(world.network, codec, failure -> { }, ended -> { });
        channel.pipeline().addLast(codec, new Http2MultiplexHandler(
                new ChannelInboundHandlerAdapter()), connection);
        // the server's SETTINGS, then a GOAWAY whose LastStreamID, 1, is below the client's first stream
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {
                0, 0, 0, 4, 0, 0, 0, 0, 0,
                0, 0, 8, 7, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0}));
        AtomicReference<HttpConnection> stream = new AtomicReference<>();
        connection.open((opened, failure) -> stream.set(opened));
        channel.runPendingTasks();

        EndOfExchange exchange = new EndOfExchange();
        DefaultFullHttpRequest request = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1, HttpMethod.GET, NODES);
        request.headers().set(HttpHeaderNames.HOST, "127.0.0.1:6443");
        stream.get().send(request, exchange);
        channel.runPendingTasks();

        Throwable failed = exchange.ended.getNow(null);
        assertEquals("http2: Transport received Server's graceful shutdown GOAWAY", failed.getMessage());
        assertTrue(Http2Failure.unprocessed(failed));
        channel.finishAndReleaseAll();
    }

    private WatchTest.Recorder watchUntilClosed(TlsTestServer server) throws InterruptedException {
        WatchTest.Recorder recorder = new WatchTest.Recorder();
        client(server).watch(WATCH, recorder);
        runUntil(() -> recorder.closed);
        assertTrue(recorder.closed);
        return recorder;
    }

    /** Events are not announced before they arrive (see WatchTest): poll in real time, bounded. */
    private void runUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            world.scheduler.runUntilIdle();
            Thread.sleep(1);
        }
        world.scheduler.runUntilIdle();
    }
}
