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

import java.nio.channels.ClosedChannelException;

/**
 * One kept-alive HTTP/1.1 connection over TLS, carrying one exchange at a time (Go's transport
 * does not pipeline). Its callbacks run on the connection's event-loop thread.
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
    private Channel channel;
    private volatile String localAddress = "";
    private Exchange exchange; // event-loop thread only
    private boolean keepAlive;

    HttpConnection(ClientNetwork network) {
        this.network = network;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    /** This end's address, host:port, as the server sees it as the remote address; "" before connecting. */
    String localAddress() {
        return localAddress;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().localAddress() instanceof java.net.InetSocketAddress local) {
            localAddress = local.getAddress().getHostAddress() + ":" + local.getPort();
            network.connectionOpened(localAddress);
        }
        super.channelActive(ctx);
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
            channel.writeAndFlush(request).addListener(f -> {
                if (!f.isSuccess()) {
                    fail(f.cause());
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
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!localAddress.isEmpty()) {
            network.connectionClosed(localAddress);
        }
        fail(new ClosedChannelException());
    }

    private void fail(Throwable cause) {
        Exchange current = exchange;
        exchange = null;
        if (current != null) {
            current.failed(cause);
        }
    }
}
