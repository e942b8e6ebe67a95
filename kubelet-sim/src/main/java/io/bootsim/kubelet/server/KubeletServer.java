package io.bootsim.kubelet.server;

import io.bootsim.core.http.GoErrorTexts;
import io.bootsim.core.http.RequestClientCertificate;
import io.bootsim.core.http.RestClient;
import io.bootsim.core.http.TlsProvider;
import io.bootsim.core.http.ServingKeyManager;
import io.bootsim.core.http.TransportError;
import io.bootsim.core.pki.CertificateAndKey;
import io.bootsim.core.runtime.ComponentContext;
import io.bootsim.core.time.InlineScheduler;
import io.bootsim.core.time.Scheduler;
import io.bootsim.core.trace.TraceSink;
import io.bootsim.core.trace.Tracer;
import io.bootsim.core.version.KubeVersion;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The kubelet's HTTPS API (port 10250). It presents whatever serving pair is current (a
 * bootstrapped one may not exist yet: then Go's internal_error alert, see {@link ServingCertificateGate}),
 * requests but does not verify client certificates at TLS, and runs each request through the auth
 * filter: authentication ({@link KubeletAuthenticator}: clientCAFile at the kubelet's clock, TokenReview,
 * anonymous), then authorization (AlwaysAllow, or {@link WebhookAuthorizer}'s SubjectAccessReviews).
 * <p>
 * Like kube-apiserver it serves on network threads (the process's shared Netty event loops), never on
 * the kubelet's scheduler: in simulated mode that thread is waiting for the very request that reached
 * the kubelet (kubectl through nodes/proxy). Its webhook calls continue inline on network threads too.
 * What a request leaves in the trace (its authentication, then its authorization) is written together,
 * just before the response, so the trace holds it as one group in the batch of the request that caused
 * it; log lines are written before the peer can see their outcome for the same reason.
 */
// upstream: pkg/kubelet/server/server.go, pkg/kubelet/server/auth.go, cmd/kubelet/app/auth.go,
// cmd/kubelet/app/server.go InitializeTLS
public final class KubeletServer implements AutoCloseable {

    /** How requests are authenticated and authorized. */
    public record Auth(List<X509Certificate> clientCas, boolean anonymous, boolean webhookAuthentication,
                       boolean webhookAuthorization) {
    }

    private final ComponentContext ctx;
    private final String nodeName;
    private final KubeVersion version;
    private final Supplier<Optional<CertificateAndKey>> serving;
    private final Auth auth;
    private final Supplier<RestClient> api;
    private final KubeletAuthenticator authenticator;
    private final WebhookAuthorizer authorizer;
    private final GoErrorTexts texts;
    private RestClient webhookSource; // guarded by this
    private RestClient webhookClient; // guarded by this
    private Channel channel;
    private SslContextBuilder tls; // set before the listener is bound, read by its connections
    private SslContext context; // guarded by this

    /** @param api the kubelet's current API client; its webhook calls use its identity */
    public KubeletServer(ComponentContext ctx, String nodeName, KubeVersion version,
                         Supplier<Optional<CertificateAndKey>> serving, Auth auth, Supplier<RestClient> api) {
        this.ctx = ctx;
        this.nodeName = nodeName;
        this.version = version;
        this.serving = serving;
        this.auth = auth;
        this.api = api;
        this.authenticator = new KubeletAuthenticator(auth.clientCas(), auth.webhookAuthentication(), auth.anonymous(),
                ctx.clock(), version, this::webhooks);
        this.authorizer = new WebhookAuthorizer(ctx.clock(), this::webhooks);
        this.texts = GoErrorTexts.forKube(version);
    }

    /**
     * Binds {@code address:port} (port 0 picks one) on the shared event loops, serving TLS of {@code tls}'s
     * stack; returns the bound port.
     */
    public int start(EventLoopGroup group, TlsProvider tls, String address, int port) throws InterruptedException {
        SslContextBuilder builder = tls.serverBuilder(new ServingKeyManager(serving));
        if (!auth.clientCas().isEmpty()) {
            // tls.RequestClientCert: any certificate is taken; the authenticator verifies it at the kubelet's clock
            builder.trustManager(new RequestClientCertificate(auth.clientCas())).clientAuth(ClientAuth.OPTIONAL);
        }
        this.tls = builder;
        channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        Handshake handshake = new Handshake(goAddress(ch.remoteAddress()),
                                ctx.scheduler().expectCompletion("kubelet-server/" + nodeName));
                        ch.closeFuture().addListener(f -> handshake.done("EOF"));
                        ch.pipeline().addLast(new ServingCertificateGate(() -> serving.get().isPresent(), () -> {
                            SslHandler handler = context().newHandler(ch.alloc());
                            handler.handshakeFuture().addListener(f -> handshake.done(f.isSuccess() ? null
                                    : handshakeError(f.cause(), ch.remoteAddress())));
                            return handler;
                        }, handshake::done), new HttpServerCodec(), new HttpObjectAggregator(1 << 16), new Handler());
                    }
                })
                .bind(new InetSocketAddress(address, port)).sync().channel();
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /**
     * The TLS context, made at the first connection: what it holds (key manager, trust manager) is looked up
     * at each handshake anyway, and most kubelets of a bench are never dialled, so none pays for a context
     * (a native one with BoringSSL) it never uses.
     */
    private synchronized SslContext context() {
        if (context == null) {
            try {
                context = tls.build();
            } catch (SSLException e) {
                throw new IllegalStateException("kubelet server TLS: " + e.getMessage(), e);
            }
        }
        return context;
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close();
        }
    }

    /**
     * The client for TokenReview and SubjectAccessReview: the kubelet's identity, continuing inline
     * (see {@link InlineScheduler}); remade when the kubelet's client is (a rotated certificate).
     */
    private synchronized RestClient webhooks() {
        RestClient current = api.get();
        if (current != webhookSource) {
            if (webhookClient != null) {
                webhookClient.close();
            }
            webhookSource = current;
            // its requests show in kube-apiserver's trace; the kubelet's own events tell the outcome
            webhookClient = current == null ? null : current.on(new InlineScheduler(ctx.clock()),
                    "kubelet/" + nodeName + "/webhooks", new Tracer(ctx.component(), ctx.clock(), TraceSink.discard()));
        }
        return webhookClient;
    }

    /** Go's text for a handshake the JDK failed: what net/http logs after "http: TLS handshake error from". */
    private String handshakeError(Throwable cause, SocketAddress remote) {
        String message = String.valueOf(cause.getMessage());
        if (message.contains("closed") && !message.contains("alert")) {
            return "EOF"; // the client hung up mid-handshake
        }
        InetSocketAddress peer = (InetSocketAddress) remote;
        return TransportError.from(cause, peer.getHostString(), peer.getPort(), texts).message();
    }

    private static String goAddress(SocketAddress address) {
        InetSocketAddress a = (InetSocketAddress) address;
        String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /**
     * One connection's TLS handshake, announced to the scheduler from accept to its end: in simulated
     * mode the run does not settle while the kubelet may still log a handshake its client gave up on.
     */
    private final class Handshake {
        private final String remote;
        private final Scheduler.Completion announced;
        private final AtomicBoolean finished = new AtomicBoolean();

        Handshake(String remote, Scheduler.Completion announced) {
            this.remote = remote;
            this.announced = announced;
        }

        /** @param error Go's error text, or null for a handshake that succeeded */
        void done(String error) {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            if (error != null) {
                // net/http's ErrorLog, which the kubelet routes to klog (the source is Go's log package)
                ctx.log().info("log.go:245", "http: TLS handshake error from " + remote + ": " + error);
            }
            announced.abandon();
        }
    }

    /** The auth filter, then the handler (only /healthz is served). */
    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {

        /** A failed handshake is logged by its listener; Go's server then just drops the connection. */
        @Override
        public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
            c.close();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext c, FullHttpRequest req) {
            String path = req.uri().split("\\?", 2)[0];
            Exchange x = new Exchange(c, req.method().name() + " " + path);
            String token = bearerToken(req.headers().get(HttpHeaderNames.AUTHORIZATION));
            authenticator.authenticate(peerCertificates(c), token, result -> {
                if (result instanceof KubeletAuthenticator.Result.Unauthorized u) {
                    if (u.error() == null) {
                        x.trace("authentication", "result", "unauthorized");
                    } else {
                        x.trace("authentication", "result", "unauthorized", "error", u.error());
                        // structured since the kubelet's klog migration (≈1.21); the line numbers are indicative
                        ctx.log().error(version.atLeast(1, 21) ? "server.go:344" : "server.go:259", version.atLeast(1, 21)
                                ? "\"Unable to authenticate the request due to an error\" err=\"" + u.error() + "\""
                                : "Unable to authenticate the request due to an error: " + u.error());
                    }
                    x.reply(401, "Unauthorized");
                    return;
                }
                KubeletAuthenticator.Result.Authenticated a = (KubeletAuthenticator.Result.Authenticated) result;
                x.trace("authentication", "result", "authenticated", "authenticator", a.authenticator(),
                        "user", a.user().name(), "groups", a.user().groups());
                NodeRequestAttributes attributes = NodeRequestAttributes.of(a.user(), req.method().name(), path,
                        nodeName, version);
                if (!auth.webhookAuthorization()) {
                    x.trace("authorization", "user", a.user().name(), "verb", attributes.verb(), "allowed", true,
                            "authorizer", "AlwaysAllow");
                    serve(x, path);
                    return;
                }
                authorizer.authorize(attributes, d -> authorized(x, path, attributes, d));
            });
        }

        private void authorized(Exchange x, String path, NodeRequestAttributes attributes, WebhookAuthorizer.Decision d) {
            String user = attributes.user().name();
            String why = d.error() != null ? d.error() : d.reason();
            if (why.isEmpty()) {
                x.trace("authorization", "user", user, "verb", attributes.verb(), "subresource", d.subresource(),
                        "allowed", d.allowed(), "authorizer", "Webhook");
            } else {
                x.trace("authorization", "user", user, "verb", attributes.verb(), "subresource", d.subresource(),
                        "allowed", d.allowed(), "authorizer", "Webhook", "reason", why);
            }
            if (d.error() != null) {
                ctx.log().error("server.go:362", "\"Authorization error\" err=\"" + d.error() + "\" user=\"" + user
                        + "\" verb=\"" + attributes.verb() + "\" resource=\"nodes\" subresource=\"" + d.subresource() + "\"");
                x.reply(500, "Authorization error (user=" + user + ", verb=" + attributes.verb()
                        + ", resource=nodes, subresource=" + d.subresource() + ")");
            } else if (!d.allowed()) {
                x.reply(403, attributes.forbidden(version));
            } else {
                serve(x, path);
            }
        }

        private void serve(Exchange x, String path) {
            if (path.equals("/healthz")) {
                x.reply(200, "ok");
            } else {
                x.reply(404, "404 page not found\n");
            }
        }

        private static String bearerToken(String header) {
            if (header == null) {
                return "";
            }
            String[] parts = header.trim().split(" ", 3);
            return parts.length >= 2 && parts[0].equalsIgnoreCase("bearer") ? parts[1] : "";
        }

        private static List<X509Certificate> peerCertificates(ChannelHandlerContext c) {
            SslHandler tls = c.pipeline().get(SslHandler.class);
            List<X509Certificate> chain = new ArrayList<>();
            try {
                for (Certificate cert : tls.engine().getSession().getPeerCertificates()) {
                    chain.add((X509Certificate) cert);
                }
            } catch (SSLPeerUnverifiedException e) {
                // the client sent no certificate
            }
            return chain;
        }
    }

    /** One request: its trace events, written together just before its response. */
    private final class Exchange {
        private final ChannelHandlerContext channel;
        private final String request;
        private final List<Object[]> events = new ArrayList<>(2);

        Exchange(ChannelHandlerContext channel, String request) {
            this.channel = channel;
            this.request = request;
        }

        void trace(String type, Object... fields) {
            Object[] all = new Object[fields.length + 3];
            all[0] = type;
            all[1] = "request";
            all[2] = request;
            System.arraycopy(fields, 0, all, 3, fields.length);
            events.add(all);
        }

        void reply(int code, String body) {
            for (Object[] e : events) {
                Object[] fields = new Object[e.length - 1];
                System.arraycopy(e, 1, fields, 0, fields.length);
                ctx.tracer().emit((String) e[0], fields);
            }
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(code), Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
            response.headers().set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
            channel.writeAndFlush(response);
        }
    }
}
