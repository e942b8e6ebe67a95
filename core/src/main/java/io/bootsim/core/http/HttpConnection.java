package io.bootsim.core.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.HttpConversionUtil;

import java.nio.channels.ClosedChannelException;

/**
 * What carries one exchange at a time: a kept-alive HTTP/1.1 connection over TLS (Go's transport
 * does not pipeline), or one stream of an {@link Http2Connection}, which carries a single exchange.
 * Its callbacks run on the connection's event-loop thread. The client network counts watch events
 * per carrier, keyed host:port for a connection and host:port/stream for a stream: a stream its
 * client resets goes away alone while its connection stays open.
 */
final class HttpConnection extends SimpleChannelInboundHandler<HttpObject> {

    /** The parts of one response as they arrive. */
    interface Exchange {
        void head(HttpResponse response);

        void content(ByteBuf content);

        /** The response is complete; the connection may be reused if {@code keepAlive}. */
        void end(boolean keepAlive);

        /** No complete response will come. */
        void failed(Throwable cause);
    }

    private final ClientNetwork network;
    private final Http2Connection multiplexed; // the connection this is a stream of; null on HTTP/1.1
    private Channel channel;
    private volatile String localAddress = "";
    private Exchange exchange; // event-loop thread only
    private boolean keepAlive;
    private int streamId;
    private Http2Error reset; // the server's RST_STREAM code, if it sent one

    /** The HTTP/1.1 connection; added to its pipeline once the handshake chose http/1.1. */
    HttpConnection(ClientNetwork network) {
        this(network, null);
    }

    HttpConnection(ClientNetwork network, Http2Connection multiplexed) {
        this.network = network;
        this.multiplexed = multiplexed;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        if (multiplexed == null && channel.isActive()) {
            opened(localAddress(channel));
        }
    }

    /** host:port of {@code channel}'s local end, as the server sees it as the remote address. */
    static String localAddress(Channel channel) {
        return channel.localAddress() instanceof java.net.InetSocketAddress local
                ? local.getAddress().getHostAddress() + ":" + local.getPort() : "";
    }

    private void opened(String key) {
        if (!key.isEmpty()) {
            localAddress = key;
            network.connectionOpened(key);
        }
    }

    /** The key the network counts this carrier's watch events under; "" before its exchange is sent. */
    String localAddress() {
        return localAddress;
    }

    /** Whether this is a stream of an HTTP/2 connection, which ends with its exchange. */
    boolean isStream() {
        return multiplexed != null;
    }

    boolean isOpen() {
        return channel.isActive();
    }

    void send(FullHttpRequest request, Exchange next) {
        channel.eventLoop().execute(() -> {
            if (!channel.isActive()) {
                request.release();
                next.failed(new ClosedChannelException());
                return;
            }
            exchange = next;
            if (multiplexed != null) {
                // counted from before the HEADERS go out: the server may hand events to it at once
                streamId = multiplexed.nextStreamId();
                opened(multiplexed.localAddress() + "/" + streamId);
            }
            channel.writeAndFlush(request).addListener(f -> {
                if (!f.isSuccess()) {
                    fail(multiplexed != null ? multiplexed.notWritten(streamId, f.cause()) : f.cause());
                    channel.close();
                }
            });
        });
    }

    void close() {
        channel.close();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
        Exchange current = exchange;
        if (current == null) {
            return; // nothing asked for it: a server talking out of turn
        }
        if (msg instanceof HttpResponse response) {
            keepAlive = io.netty.handler.codec.http.HttpUtil.isKeepAlive(response);
            // Netty's HTTP/2-to-HTTP/1 conversion adds it; no server sent it
            response.headers().remove(HttpConversionUtil.ExtensionHeaderNames.STREAM_ID.text());
            current.head(response);
        }
        if (msg instanceof HttpContent content) {
            current.content(content.content());
            if (msg instanceof LastHttpContent) {
                exchange = null;
                current.end(keepAlive);
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(cause);
        ctx.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof Http2ResetFrame frame) { // the multiplexer passes RST_STREAM on as an event
            reset = Http2Error.valueOf(frame.errorCode());
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!localAddress.isEmpty()) {
            network.connectionClosed(localAddress);
        }
        if (exchange != null) { // every stream's channel ends so: make the error only for a response still awaited
            fail(multiplexed == null ? new ClosedChannelException() : multiplexed.streamLost(streamId, reset));
        }
    }

    private void fail(Throwable cause) {
        Exchange current = exchange;
        exchange = null;
        if (current != null) {
            current.failed(cause);
        }
    }
}
