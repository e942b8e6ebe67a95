package io.bootsim.core.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.ReferenceCountUtil;

import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One HTTP/2 connection over TLS, in the role of Go's http2.ClientConn: each exchange is a stream of
 * its own, as many at once as the server's SETTINGS_MAX_CONCURRENT_STREAMS allows, and none new
 * after the server's GOAWAY. It sits after the multiplexer in the connection's pipeline, where
 * the connection-level frames arrive. Each stream is an {@link HttpConnection} on its own child
 * channel, so the exchange code is the same as on HTTP/1.1.
 */
final class Http2Connection extends ChannelInboundHandlerAdapter {

    private static final String GOT_GOAWAY = "http2: Transport received Server's graceful shutdown GOAWAY";

    private final ClientNetwork network;
    private final Http2FrameCodec codec;
    private final Consumer<Http2Connection> streamEnded;
    private Channel channel;
    private Consumer<Throwable> ready; // until the server's first SETTINGS, or the connection's loss
    private volatile String localAddress = "";
    // guarded by this
    private long maxStreams = Long.MAX_VALUE;
    private int active;
    private String goAway; // Go's error for a connection the server sent GOAWAY on, then closed
    private int lastProcessedStream; // the GOAWAY's LastStreamID: streams above it were never processed

    /**
     * @param ready       called once on the event loop: with null when the server's SETTINGS arrived and
     *                    streams may be opened, or with why the connection was lost before
     * @param streamEnded called on the event loop after each stream of this connection closed
     */
    Http2Connection(ClientNetwork network, Http2FrameCodec codec, Consumer<Throwable> ready,
                    Consumer<Http2Connection> streamEnded) {
        this.network = network;
        this.codec = codec;
        this.ready = ready;
        this.streamEnded = streamEnded;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        localAddress = HttpConnection.localAddress(channel);
    }

    /** This end's address, host:port, as the server sees it as the remote address. */
    String localAddress() {
        return localAddress;
    }

    /** Whether the connection may still take new streams: open, and no GOAWAY from the server. */
    synchronized boolean usable() {
        return channel.isActive() && goAway == null;
    }

    /** Takes a stream slot if the connection can take a new stream now; {@link #open} then uses it. */
    synchronized boolean reserve() {
        if (!usable() || active >= maxStreams) {
            return false;
        }
        active++;
        return true;
    }

    /** Whether no stream is open or reserved. */
    synchronized boolean idle() {
        return active == 0;
    }

    /** Opens a stream on a reserved slot and hands it to {@code ready}, or the failure; on the event loop. */
    void open(BiConsumer<HttpConnection, Throwable> ready) {
        HttpConnection stream = new HttpConnection(network, this);
        new Http2StreamChannelBootstrap(channel).handler(new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel ch) {
                ch.closeFuture().addListener(f -> released());
                ch.pipeline().addLast("http", new Http2StreamFrameToHttpObjectCodec(false))
                        .addLast("gunzip", new HttpContentDecompressor(0))
                        .addLast("exchange", stream);
            }
        }).open().addListener(f -> {
            if (f.isSuccess()) {
                ready.accept(stream, null);
            } else {
                // the connection went away between reserving and opening (Go: errClientConnUnusable)
                released();
                ready.accept(null, new Http2Failure("http2: client conn not usable", true));
            }
        });
    }

    /**
     * The id the next stream opened on this connection gets: client streams are numbered by two in
     * the order their HEADERS are written (RFC 9113 5.1.1), from 3 in Netty, which keeps 1 for an
     * h2c upgrade (DefaultHttp2Connection), where Go starts at 1. Call on the event loop, just
     * before writing a new stream's first frame.
     */
    int nextStreamId() {
        int last = codec.connection().local().lastStreamCreated();
        return last == 0 ? 3 : last + 2;
    }

    private void released() {
        synchronized (this) {
            active--;
        }
        streamEnded.accept(this);
    }

    void close() {
        channel.close();
    }

    /**
     * Go's error for a stream that ended without its response, by what the connection saw: the
     * server's RST_STREAM for it, the server's GOAWAY before the connection closed, or neither
     * (golang.org/x/net/http2 transport.go: clientConnReadLoop.cleanup, StreamError, GoAwayError).
     */
    Http2Failure streamLost(int streamId, Http2Error reset) {
        if (reset != null) {
            return new Http2Failure("stream error: stream ID " + streamId + "; " + errorCode(reset.code())
                    + "; received from peer", reset == Http2Error.REFUSED_STREAM);
        }
        synchronized (this) {
            if (goAway != null && streamId > lastProcessedStream) {
                return new Http2Failure(GOT_GOAWAY, true);
            }
            return new Http2Failure(goAway != null ? goAway : "unexpected EOF", false);
        }
    }

    /**
     * Why a stream's request could not be written: one that a GOAWAY arriving between reserving the
     * stream and writing its HEADERS left above the server's LastStreamID never left this end, and Go
     * sends it again on another connection (transport.go: errClientConnGotGoAway); Netty's own text
     * for it ("Cannot create stream ... from GOAWAY") is no client-go error. On the event loop.
     */
    Throwable notWritten(int streamId, Throwable cause) {
        var connection = codec.connection();
        return connection.goAwayReceived() && streamId > connection.local().lastStreamKnownByPeer()
                ? new Http2Failure(GOT_GOAWAY, true) : cause;
    }

    /** Go's name of an HTTP/2 error code (http2.ErrCode.String); Netty's names are the RFC's, as Go's are. */
    private static String errorCode(long code) {
        Http2Error known = Http2Error.valueOf(code);
        return known != null ? known.name() : String.format("unknown error code 0x%x", code);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof Http2SettingsFrame settings) {
                Long max = settings.settings().maxConcurrentStreams();
                synchronized (this) {
                    if (max != null) {
                        maxStreams = max;
                    }
                }
                settled(null);
            } else if (msg instanceof Http2GoAwayFrame frame) {
                synchronized (this) {
                    if (goAway == null) {
                        lastProcessedStream = frame.lastStreamId();
                        goAway = "http2: server sent GOAWAY and closed the connection; LastStreamID="
                                + frame.lastStreamId() + ", ErrCode=" + errorCode(frame.errorCode()) + ", debug="
                                + io.bootsim.core.api.GoFormat.quote(frame.content().toString(StandardCharsets.UTF_8));
                    }
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        settled(new ClosedChannelException());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    private void settled(Throwable failure) {
        Consumer<Throwable> waiting = ready;
        ready = null;
        if (waiting != null) {
            waiting.accept(failure);
        }
    }
}
