package io.bootsim.core.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** A small TLS HTTP/1.1 server on 127.0.0.1 for the client's tests; counts handshakes, records requests. */
final class TlsTestServer implements AutoCloseable {

    /** What the server saw. */
    record Seen(String method, String uri, Map<String, String> headers, String body, String clientCertificate) {
    }

    /** A reply: a full response, or a stream of chunks (a watch) written then ended. */
    record Reply(int code, String body, List<String> chunks, boolean keepOpen) {
        static Reply json(int code, String body) {
            return new Reply(code, body, null, false);
        }

        static Reply stream(List<String> chunks) {
            return new Reply(200, null, chunks, false);
        }

        /** A stream whose chunks are written and then kept open. */
        static Reply openStream(List<String> chunks) {
            return new Reply(200, null, chunks, true);
        }
    }

    final AtomicInteger handshakes = new AtomicInteger();
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Channel server;

    TlsTestServer(EventLoopGroup group, TestCertificates.Issued serving, X509Certificate clientCa,
                  ClientAuth clientAuth, Function<Seen, Reply> handler) throws Exception {
        SslContextBuilder ssl = SslContextBuilder.forServer(serving.keys().getPrivate(), serving.certificate())
                .protocols("TLSv1.3", "TLSv1.2")
                .clientAuth(clientAuth);
        if (clientCa != null) {
            ssl.trustManager(clientCa);
        } else {
            ssl.trustManager(InsecureTrustManagerFactory.INSTANCE);
        }
        SslContext context = ssl.build();
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        SslHandler tls = context.newHandler(ch.alloc());
                        tls.handshakeFuture().addListener(f -> {
                            if (f.isSuccess()) {
                                handshakes.incrementAndGet();
                            }
                        });
                        ch.pipeline().addLast(tls, new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                                new SimpleChannelInboundHandler<FullHttpRequest>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                                        String subject = "";
                                        try {
                                            subject = ((X509Certificate) tls.engine().getSession()
                                                    .getPeerCertificates()[0]).getSubjectX500Principal().getName();
                                        } catch (Exception none) {
                                            // no client certificate
                                        }
                                        Map<String, String> headers = new java.util.LinkedHashMap<>();
                                        req.headers().forEach(e -> headers.put(e.getKey().toLowerCase(), e.getValue()));
                                        Seen s = new Seen(req.method().name(), req.uri(), headers,
                                                req.content().toString(StandardCharsets.UTF_8), subject);
                                        seen.add(s);
                                        reply(ctx, handler.apply(s));
                                    }

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        ctx.close();
                                    }
                                });
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    private static void reply(ChannelHandlerContext ctx, Reply reply) {
        if (reply.chunks() == null) {
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(reply.code()),
                    Unpooled.copiedBuffer(reply.body(), StandardCharsets.UTF_8));
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            r.headers().set(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
            ctx.writeAndFlush(r);
            return;
        }
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        ctx.writeAndFlush(head);
        for (String chunk : reply.chunks()) {
            ctx.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(chunk, StandardCharsets.UTF_8)));
        }
        if (!reply.keepOpen()) {
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        }
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    URI url() {
        return URI.create("https://127.0.0.1:" + port());
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
    }
}
