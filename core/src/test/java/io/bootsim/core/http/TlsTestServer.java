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
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A small TLS server on 127.0.0.1 for the client's tests, HTTP/1.1 only or also h2 by ALPN;
 * counts handshakes, records requests.
 */
final class TlsTestServer implements AutoCloseable {

    /** What the server saw; {@code protocol} is the ALPN choice, "" when none. */
    record Seen(String method, String uri, Map<String, String> headers, String body, String clientCertificate,
                String protocol) {
    }

    /** How a stream of chunks ends. */
    enum End {
        COMPLETE,
        KEEP_OPEN,
        /** The connection is closed as a server shuts down: on h2 with GOAWAY first. */
        CLOSE_CONNECTION,
        /** The connection is dropped: TLS close_notify and TCP close, no HTTP/2 frame. */
        DROP_CONNECTION,
        /** No response: the h2 stream is reset with REFUSED_STREAM, the request was not processed. */
        REFUSE_STREAM
    }

    /** A reply: a full response, or a stream of chunks (a watch) written then ended. */
    record Reply(int code, String body, List<String> chunks, End end) {
        static Reply json(int code, String body) {
            return new Reply(code, body, null, End.COMPLETE);
        }

        static Reply refused() {
            return new Reply(0, null, null, End.REFUSE_STREAM);
        }

        static Reply stream(List<String> chunks) {
            return new Reply(200, null, chunks, End.COMPLETE);
        }

        /** A stream whose chunks are written and then kept open. */
        static Reply openStream(List<String> chunks) {
            return new Reply(200, null, chunks, End.KEEP_OPEN);
        }

        /** A stream whose chunks are written, then its connection ends as {@code end} says. */
        static Reply streamThen(List<String> chunks, End end) {
            return new Reply(200, null, chunks, end);
        }
    }

    final AtomicInteger handshakes = new AtomicInteger();
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Channel server;
    private final Set<Channel> accepted = ConcurrentHashMap.newKeySet();

    TlsTestServer(EventLoopGroup group, TestCertificates.Issued serving, X509Certificate clientCa,
                  ClientAuth clientAuth, Function<Seen, Reply> handler) throws Exception {
        this(group, serving, clientCa, clientAuth, 0, handler);
    }

    /** @param h2MaxStreams above 0: h2 is offered by ALPN, with this SETTINGS_MAX_CONCURRENT_STREAMS */
    TlsTestServer(EventLoopGroup group, TestCertificates.Issued serving, X509Certificate clientCa,
                  ClientAuth clientAuth, int h2MaxStreams, Function<Seen, Reply> handler) throws Exception {
        SslContextBuilder ssl = SslContextBuilder.forServer(serving.keys().getPrivate(), serving.certificate())
                .protocols("TLSv1.3", "TLSv1.2")
                .clientAuth(clientAuth);
        if (h2MaxStreams > 0) {
            ssl.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                    ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1));
        }
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
                        accepted.add(ch);
                        SslHandler tls = context.newHandler(ch.alloc());
                        tls.handshakeFuture().addListener(f -> {
                            if (f.isSuccess()) {
                                handshakes.incrementAndGet();
                            }
                        });
                        ch.pipeline().addLast(tls, new ApplicationProtocolNegotiationHandler(
                                ApplicationProtocolNames.HTTP_1_1) {
                            @Override
                            protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
                                if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                                    ctx.pipeline().addLast(Http2FrameCodecBuilder.forServer().initialSettings(
                                                    Http2Settings.defaultSettings().maxConcurrentStreams(h2MaxStreams))
                                                    .build(),
                                            new Http2MultiplexHandler(new ChannelInitializer<Channel>() {
                                                @Override
                                                protected void initChannel(Channel stream) {
                                                    stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true),
                                                            new HttpObjectAggregator(1 << 20),
                                                            new Exchanges(tls, "h2", handler));
                                                }
                                            }));
                                } else {
                                    ctx.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                                            new Exchanges(tls, tls.applicationProtocol() == null ? ""
                                                    : tls.applicationProtocol(), handler));
                                }
                            }
                        });
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    /** Records each request and answers it with the handler's reply. */
    private final class Exchanges extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final SslHandler tls;
        private final String protocol;
        private final Function<Seen, Reply> handler;

        Exchanges(SslHandler tls, String protocol, Function<Seen, Reply> handler) {
            this.tls = tls;
            this.protocol = protocol;
            this.handler = handler;
        }

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
            Seen s = new Seen(req.method().name(), req.uri(), headers, req.content().toString(StandardCharsets.UTF_8),
                    subject, protocol);
            seen.add(s);
            reply(ctx, handler.apply(s));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private static void reply(ChannelHandlerContext ctx, Reply reply) {
        if (reply.end() == End.REFUSE_STREAM) {
            ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.REFUSED_STREAM));
            return;
        }
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
        io.netty.channel.ChannelFuture written = ctx.newSucceededFuture();
        for (String chunk : reply.chunks()) {
            written = ctx.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(chunk, StandardCharsets.UTF_8)));
        }
        Channel connection = ctx.channel().parent() != null ? ctx.channel().parent() : ctx.channel();
        switch (reply.end()) {
            case COMPLETE -> ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            case KEEP_OPEN -> { }
            // once the chunks are out: an h2 stream's flush may wait for the end of the read
            case CLOSE_CONNECTION -> written.addListener(f -> connection.close());
            case DROP_CONNECTION -> written.addListener(f -> connection.pipeline().context(SslHandler.class).close());
        }
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    URI url() {
        return URI.create("https://127.0.0.1:" + port());
    }

    @Override
    /** Stops as a server stops: no more connections, and the open ones closed. */
    public void close() {
        server.close().syncUninterruptibly();
        accepted.forEach(Channel::close);
    }
}
