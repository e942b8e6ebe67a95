package io.bootsim.core.http;

import io.bootsim.core.time.Clock;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeTimeoutException;

import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The connections of one client identity, like the http.Transport client-go builds per TLS
 * configuration. TLS offers h2 and http/1.1 by ALPN, as Go does. On h2 (kube-apiserver) every
 * exchange is a stream of one connection, and another connection is dialled only when the
 * server's limit of concurrent streams is reached (Go's http2.Transport without
 * StrictMaxConcurrentStreams). On http/1.1 (the kubelet's server) idle connections are reused
 * and each exchange in flight needs a connection, each with a full handshake.
 */
final class ConnectionPool {

    // client-go's transport cache sets MaxIdleConnsPerHost to 25 (transport/cache.go)
    private static final int MAX_IDLE = 25;
    // client-go dials with a 30 s timeout (transport/cache.go, net.Dialer)
    private static final int DIAL_TIMEOUT_MILLIS = 30_000;
    // and gives the TLS handshake 10 s (transport/cache.go, TLSHandshakeTimeout)
    private static final long TLS_HANDSHAKE_TIMEOUT_MILLIS = 10_000;
    // Go's http2 client assumes this many streams until the server's SETTINGS say (initialMaxConcurrentStreams)
    private static final int ASSUMED_MAX_STREAMS = 100;

    private final ClientIdentity identity;
    private final ClientNetwork network;
    private final Clock clock;
    private final GoErrorTexts texts;
    private final ArrayDeque<HttpConnection> idle = new ArrayDeque<>(2);
    private final List<Http2Connection> multiplexed = new ArrayList<>(1);
    /** A dial whose protocol is not known yet: exchanges wait for it, as they would share it on h2. */
    private List<BiConsumer<HttpConnection, Throwable>> dialing;
    private boolean http11; // the server chose http/1.1: each exchange in flight needs its own connection
    private SslContext ssl;
    private int opened;
    private int abandoned;
    private int ended; // h2 connections the server ended (GOAWAY or closed) while the pool was open
    private int replacing; // dials made after such an end, one for each
    private boolean closed;

    ConnectionPool(ClientIdentity identity, ClientNetwork network, Clock clock, GoErrorTexts texts) {
        this.identity = identity;
        this.network = network;
        this.clock = clock;
        this.texts = texts;
    }

    /**
     * Sends a request on a stream or connection of this pool and reports the exchange to {@code exchange}.
     * A request the server never processed ({@link Http2Failure#unprocessed}) goes out again on
     * another, as Go's http2 transport retries it, up to 6 times (RoundTripOpt). Go waits between
     * the later tries; the first, the one that matters when kube-apiserver stops, is immediate there too.
     *
     * @param request makes the request anew for each try
     * @param using   told the connection just before the request goes out on it; false: do not send
     *                (the caller has handed the connection back)
     */
    void send(Supplier<FullHttpRequest> request, HttpConnection.Exchange exchange, Predicate<HttpConnection> using) {
        new Tries(request, exchange, using).next();
    }

    private final class Tries implements HttpConnection.Exchange {
        private static final int RETRIES = 6;
        private final Supplier<FullHttpRequest> request;
        private final HttpConnection.Exchange exchange;
        private final Predicate<HttpConnection> using;
        private int retries;

        Tries(Supplier<FullHttpRequest> request, HttpConnection.Exchange exchange, Predicate<HttpConnection> using) {
            this.request = request;
            this.exchange = exchange;
            this.using = using;
        }

        void next() {
            acquire((connection, failure) -> {
                if (failure != null) {
                    failed(failure);
                } else if (using.test(connection)) {
                    connection.send(request.get(), this);
                }
            });
        }

        @Override
        public void head(HttpResponse response) {
            exchange.head(response);
        }

        @Override
        public void content(ByteBuf content) {
            exchange.content(content);
        }

        @Override
        public void end(boolean keepAlive) {
            exchange.end(keepAlive);
        }

        @Override
        public void failed(Throwable cause) {
            if (Http2Failure.unprocessed(cause) && retries++ < RETRIES) {
                next();
            } else {
                exchange.failed(cause);
            }
        }
    }

    /** Hands a stream, an idle or a newly handshaken connection to {@code ready}, or the failure; on a network thread. */
    private void acquire(BiConsumer<HttpConnection, Throwable> ready) {
        Http2Connection shared = sharedConnection();
        if (shared != null) {
            shared.open(ready);
            return;
        }
        SslContext context;
        List<BiConsumer<HttpConnection, Throwable>> waiters;
        synchronized (this) {
            HttpConnection connection;
            while ((connection = idle.pollFirst()) != null) {
                if (connection.isOpen()) {
                    ready.accept(connection, null);
                    return;
                }
            }
            if (!http11 && dialing != null && dialing.size() < ASSUMED_MAX_STREAMS) {
                dialing.add(ready);
                return;
            }
            try {
                if (ssl == null) {
                    ssl = network.tls().clientContext(identity, clock, texts, network::fullHandshake);
                }
            } catch (SSLException e) {
                ready.accept(null, e);
                return;
            }
            context = ssl;
            ReferenceCountUtil.retain(context); // until its engine holds it: close() may release the pool's hold meanwhile
            opened++;
            if (ended > replacing) {
                replacing++;
            }
            waiters = new ArrayList<>(1);
            waiters.add(ready);
            if (!http11) {
                dialing = waiters;
            }
        }
        dial(context, waiters);
    }

    /** An h2 connection with a stream slot now reserved for the caller, if one has room. */
    private synchronized Http2Connection sharedConnection() {
        // lost, or told to go away: its streams still end on it
        for (Iterator<Http2Connection> it = multiplexed.iterator(); it.hasNext(); ) {
            if (!it.next().usable()) {
                it.remove();
                ended++;
            }
        }
        for (Http2Connection connection : multiplexed) {
            if (connection.reserve()) {
                return connection;
            }
        }
        return null;
    }

    /**
     * An engine that never resumes a session. Go's client keeps no session cache (client-go leaves
     * tls.Config.ClientSessionCache nil), so every connection is a full handshake; the JDK resumes
     * any session it cached under an engine's peer host and port. So the engine gets no peer, and
     * the server name goes out by hand, as Go sends it: for a DNS name, never for an IP.
     */
    static SSLEngine engineWithoutResumption(SslContext context, String serverName) {
        SSLEngine engine = context.newEngine(ByteBufAllocator.DEFAULT);
        if (!NetUtil.isValidIpV4Address(serverName) && !NetUtil.isValidIpV6Address(serverName)) {
            try {
                SSLParameters parameters = engine.getSSLParameters();
                parameters.setServerNames(List.of(new SNIHostName(serverName)));
                engine.setSSLParameters(parameters);
            } catch (IllegalArgumentException notAHostName) {
                // Go sends no SNI for a name it cannot put in one either
            }
        }
        return engine;
    }

    private void dial(SslContext context, List<BiConsumer<HttpConnection, Throwable>> waiters) {
        InetSocketAddress target = network.route(identity.host(), identity.port());
        if (target == null) {
            // refused as a closed port refuses, and like it answered on a network thread; before any engine
            // is made, as no pipeline would ever free it (BoringSSL's would hold the context until a finalizer)
            ReferenceCountUtil.release(context);
            network.group().execute(() -> {
                abandoned();
                failed(waiters, new ConnectException("Connection refused"));
            });
            return;
        }
        String peer = identity.verifiedName();
        // Kept here, not looked up later: a handshake that fails at once closes the channel, and a
        // closed channel's pipeline no longer holds its handlers (the caller would never hear back).
        SslHandler tls;
        try {
            tls = new SslHandler(engineWithoutResumption(context, peer));
        } finally {
            ReferenceCountUtil.release(context);
        }
        boolean timed = network.realTimeouts();
        tls.setHandshakeTimeoutMillis(timed ? TLS_HANDSHAKE_TIMEOUT_MILLIS : 0); // 0: none
        Bootstrap bootstrap = new Bootstrap()
                .group(network.group())
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timed ? DIAL_TIMEOUT_MILLIS : 0)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast("tls", tls).addLast("alpn", new Negotiation(waiters));
                    }
                });
        bootstrap.connect(target).addListener(f -> {
            if (!f.isSuccess()) {
                abandoned();
                failed(waiters, f.cause());
                return;
            }
            Channel channel = ((io.netty.channel.ChannelFuture) f).channel();
            network.dialled(channel);
            tls.handshakeFuture().addListener(h -> {
                if (!h.isSuccess()) {
                    if (h.cause() instanceof SslHandshakeTimeoutException) {
                        abandoned();
                    }
                    channel.close();
                    failed(waiters, h.cause());
                }
            });
        });
    }

    /** Sets up the connection for the protocol the server chose by ALPN, once the handshake is done. */
    private final class Negotiation extends ApplicationProtocolNegotiationHandler {
        private final List<BiConsumer<HttpConnection, Throwable>> waiters;

        Negotiation(List<BiConsumer<HttpConnection, Throwable>> waiters) {
            super(ApplicationProtocolNames.HTTP_1_1);
            this.waiters = waiters;
        }

        @Override
        protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
            if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                Http2FrameCodec codec = Http2FrameCodecBuilder.forClient().build();
                Http2Connection[] connection = new Http2Connection[1];
                connection[0] = new Http2Connection(network, codec, failure -> {
                    if (failure == null) {
                        multiplexing(waiters, connection[0]);
                    } else {
                        failed(waiters, failure);
                    }
                }, ConnectionPool.this::streamEnded);
                ctx.pipeline().addLast("h2", codec)
                        .addLast("streams", new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()))
                        .addLast("connection", connection[0]);
                return;
            }
            HttpConnection connection = new HttpConnection(network);
            ctx.pipeline().addLast("http", new HttpClientCodec())
                    .addLast("gunzip", new HttpContentDecompressor(0))
                    .addLast("exchange", connection);
            List<BiConsumer<HttpConnection, Throwable>> others;
            synchronized (ConnectionPool.this) {
                http11 = true;
                if (dialing == waiters) {
                    dialing = null;
                }
                others = List.copyOf(waiters.subList(1, waiters.size()));
            }
            waiters.get(0).accept(connection, null);
            others.forEach(ConnectionPool.this::acquire);
        }

        @Override
        protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // the handshake future reports it
        }
    }

    /** The server's SETTINGS arrived: the exchanges that waited for the dial become streams. */
    private void multiplexing(List<BiConsumer<HttpConnection, Throwable>> waiters, Http2Connection connection) {
        List<BiConsumer<HttpConnection, Throwable>> waiting;
        synchronized (this) {
            multiplexed.add(connection);
            if (dialing == waiters) {
                dialing = null;
            }
            waiting = List.copyOf(waiters);
        }
        for (BiConsumer<HttpConnection, Throwable> ready : waiting) {
            if (connection.reserve()) {
                connection.open(ready);
            } else {
                acquire(ready); // over the server's limit: another connection, as Go dials one
            }
        }
    }

    private void failed(List<BiConsumer<HttpConnection, Throwable>> waiters, Throwable cause) {
        List<BiConsumer<HttpConnection, Throwable>> waiting;
        synchronized (this) {
            if (dialing == waiters) {
                dialing = null;
            }
            waiting = List.copyOf(waiters);
        }
        waiting.forEach(ready -> ready.accept(null, cause));
    }

    private void streamEnded(Http2Connection connection) {
        boolean close;
        synchronized (this) {
            close = connection.idle() && (closed || !connection.usable());
            if (close && multiplexed.remove(connection) && !closed) {
                ended++;
            }
        }
        if (close) {
            connection.close();
        }
    }

    /** Returns a connection whose exchange is complete; a stream has ended with it. */
    void release(HttpConnection connection) {
        if (connection.isStream()) {
            return;
        }
        synchronized (this) {
            if (!closed && connection.isOpen() && idle.size() < MAX_IDLE) {
                idle.addLast(connection);
                return;
            }
        }
        connection.close();
    }

    private synchronized void abandoned() {
        abandoned++;
    }

    /** The TLS context the pool holds for its dials, if it made one yet. */
    synchronized SslContext context() {
        return ssl;
    }

    /**
     * Connections dialled so far, each with a full TLS handshake, those abandoned in the dial or handshake, and
     * those that replaced a connection the server ended.
     */
    synchronized Dials dials() {
        return new Dials(opened, abandoned, replacing);
    }

    /**
     * Closes the idle connections, and gives up the pool's hold on its TLS context; connections in
     * use close when their exchanges end, their engines holding the context until then. BoringSSL's
     * context must be released: its native side keeps the verify callback, and through it the trust
     * manager and whatever that reaches, alive until it is (Netty's finalizer never gets to it).
     */
    void close() {
        List<Http2Connection> unused = new ArrayList<>();
        SslContext context;
        synchronized (this) {
            closed = true;
            idle.forEach(HttpConnection::close);
            idle.clear();
            multiplexed.removeIf(c -> c.idle() && unused.add(c));
            context = ssl;
            ssl = null;
        }
        unused.forEach(Http2Connection::close);
        ReferenceCountUtil.release(context);
    }
}
