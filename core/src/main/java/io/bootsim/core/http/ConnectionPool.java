package io.bootsim.core.http;

import io.bootsim.core.time.Clock;
import io.netty.buffer.ByteBufAllocator;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;

import javax.net.ssl.SSLException;
import java.util.ArrayDeque;
import java.util.function.BiConsumer;

/**
 * The kept-alive connections of one client identity, like the http.Transport client-go builds
 * per TLS configuration: idle connections are reused, new ones do a full handshake.
 */
final class ConnectionPool {

    // client-go's transport cache sets MaxIdleConnsPerHost to 25 (transport/cache.go)
    private static final int MAX_IDLE = 25;
    // client-go dials with a 30 s timeout (transport/cache.go, net.Dialer)
    private static final int DIAL_TIMEOUT_MILLIS = 30_000;

    private final ClientIdentity identity;
    private final ClientNetwork network;
    private final Clock clock;
    private final GoErrorTexts texts;
    private final ArrayDeque<HttpConnection> idle = new ArrayDeque<>(2);
    private SslContext ssl;
    private int opened;
    private boolean closed;

    ConnectionPool(ClientIdentity identity, ClientNetwork network, Clock clock, GoErrorTexts texts) {
        this.identity = identity;
        this.network = network;
        this.clock = clock;
        this.texts = texts;
    }

    /** Hands an idle or newly handshaken connection to {@code ready}, or the failure; on a network thread. */
    void acquire(BiConsumer<HttpConnection, Throwable> ready) {
        SslContext context;
        synchronized (this) {
            HttpConnection connection;
            while ((connection = idle.pollFirst()) != null) {
                if (connection.isOpen()) {
                    ready.accept(connection, null);
                    return;
                }
            }
            try {
                if (ssl == null) {
                    ssl = network.tls().clientContext(identity, clock, texts);
                }
            } catch (SSLException e) {
                ready.accept(null, e);
                return;
            }
            context = ssl;
            opened++;
        }
        HttpConnection connection = new HttpConnection(network);
        String peer = identity.verifiedName();
        // Kept here, not looked up later: a handshake that fails at once closes the channel, and a
        // closed channel's pipeline no longer holds its handlers (the caller would never hear back).
        SslHandler tls = context.newHandler(ByteBufAllocator.DEFAULT, peer, identity.port());
        Bootstrap bootstrap = new Bootstrap()
                .group(network.group())
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, DIAL_TIMEOUT_MILLIS)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast("tls", tls)
                                .addLast("http", new HttpClientCodec())
                                .addLast("gunzip", new HttpContentDecompressor(0))
                                .addLast("exchange", connection);
                    }
                });
        bootstrap.connect(network.route(identity.host(), identity.port())).addListener(f -> {
            if (!f.isSuccess()) {
                ready.accept(null, f.cause());
                return;
            }
            Channel channel = ((io.netty.channel.ChannelFuture) f).channel();
            tls.handshakeFuture().addListener(h -> {
                if (h.isSuccess()) {
                    ready.accept(connection, null);
                } else {
                    channel.close();
                    ready.accept(null, h.cause());
                }
            });
        });
    }

    /** Returns a connection whose exchange is complete. */
    void release(HttpConnection connection) {
        synchronized (this) {
            if (!closed && connection.isOpen() && idle.size() < MAX_IDLE) {
                idle.addLast(connection);
                return;
            }
        }
        connection.close();
    }

    /** Connections opened so far, each with a full TLS handshake. */
    synchronized int opened() {
        return opened;
    }

    /** Closes the idle connections; connections in use close when their exchange ends. */
    void close() {
        synchronized (this) {
            closed = true;
            idle.forEach(HttpConnection::close);
            idle.clear();
        }
    }
}
