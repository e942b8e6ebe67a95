package io.bootsim.kubelet.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;
import io.bootsim.core.http.HttpRequest;
import io.bootsim.core.http.RestClient;
import io.bootsim.core.pki.CertificateAndKey;
import io.bootsim.core.runtime.ComponentContext;
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

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509ExtendedKeyManager;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The kubelet's HTTPS API (port 10250): it presents whatever serving pair is current (a
 * bootstrapped one may not exist yet: then the handshake fails and the kubelet logs "no serving
 * certificate available for the kubelet"), authenticates by client certificate against
 * clientCAFile, then bearer token by TokenReview when the webhook is on, else anonymous if
 * allowed, and authorizes AlwaysAllow or by SubjectAccessReview (nodes/proxy for /healthz).
 * Netty on the process's shared event loops: no thread per kubelet.
 */
// upstream: pkg/kubelet/server/server.go, pkg/kubelet/server/auth.go, cmd/kubelet/app/server.go InitializeTLS
public final class KubeletServer implements AutoCloseable {

    /** How requests are authenticated and authorized. */
    public record Auth(List<X509Certificate> clientCas, boolean anonymous, boolean webhookAuthentication,
                       boolean webhookAuthorization) {
    }

    private final ComponentContext ctx;
    private final String nodeName;
    private final Supplier<Optional<CertificateAndKey>> serving;
    private final Auth auth;
    private final Supplier<RestClient> api;
    private Channel channel;

    public KubeletServer(ComponentContext ctx, String nodeName, Supplier<Optional<CertificateAndKey>> serving,
                         Auth auth, Supplier<RestClient> api) {
        this.ctx = ctx;
        this.nodeName = nodeName;
        this.serving = serving;
        this.auth = auth;
        this.api = api;
    }

    /** Binds {@code address:port} (port 0 picks one) on the shared event loops; returns the bound port. */
    public int start(EventLoopGroup group, String address, int port) throws SSLException, InterruptedException {
        SslContextBuilder builder = SslContextBuilder.forServer(new CurrentServingKeyManager())
                .protocols("TLSv1.3", "TLSv1.2");
        if (!auth.clientCas().isEmpty()) {
            builder.trustManager(auth.clientCas().toArray(X509Certificate[]::new)).clientAuth(ClientAuth.OPTIONAL);
        }
        SslContext tls = builder.build();
        channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        SslHandler handler = tls.newHandler(ch.alloc());
                        handler.handshakeFuture().addListener(f -> {
                            if (!f.isSuccess()) {
                                String why = serving.get().isEmpty() ? "no serving certificate available for the kubelet"
                                        : String.valueOf(f.cause().getMessage());
                                onScheduler(() -> ctx.log().info("server.go:3286",
                                        "http: TLS handshake error from " + ch.remoteAddress() + ": " + why));
                            }
                        });
                        ch.pipeline().addLast(handler, new HttpServerCodec(), new HttpObjectAggregator(1 << 16),
                                new Handler(handler));
                    }
                })
                .bind(new InetSocketAddress(address, port)).sync().channel();
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Hands work from a network thread to the kubelet's scheduler, safely in both modes. */
    private void onScheduler(Runnable task) {
        ctx.scheduler().expectCompletion("kubelet-server/" + nodeName).complete(task);
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close();
        }
    }

    /** Picks the current pair at every handshake, as the kubelet's tls.Config GetCertificate does. */
    private final class CurrentServingKeyManager extends X509ExtendedKeyManager {
        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return serving.get().map(p -> p.privateKey().getAlgorithm().equals(keyType)
                    || (keyType.startsWith("EC") && p.privateKey().getAlgorithm().startsWith("EC")) ? "current" : null)
                    .orElse(null);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return chooseEngineServerAlias(keyType, issuers, null);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return serving.get().map(p -> p.certificates().toArray(X509Certificate[]::new)).orElse(null);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return serving.get().map(CertificateAndKey::privateKey).orElse(null);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return new String[]{"current"};
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }

    /** Who the request is from: user and groups. */
    private record User(String name, List<String> groups) {
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final SslHandler tls;

        Handler(SslHandler tls) {
            this.tls = tls;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext c, FullHttpRequest req) {
            String path = req.uri().split("\\?", 2)[0];
            String verb = switch (req.method().name()) {
                case "POST" -> "create";
                case "PUT" -> "update";
                case "PATCH" -> "patch";
                case "DELETE" -> "delete";
                default -> "get";
            };
            String subresource = path.startsWith("/stats") ? "stats" : path.startsWith("/metrics") ? "metrics"
                    : path.startsWith("/logs") ? "log" : path.startsWith("/spec") ? "spec" : "proxy";
            String token = Optional.ofNullable(req.headers().get(HttpHeaderNames.AUTHORIZATION))
                    .filter(h -> h.startsWith("Bearer ")).map(h -> h.substring(7).trim()).orElse("");
            Optional<User> fromCert = certificateUser();
            // Work moves to the kubelet's scheduler: the webhooks are requests like any other.
            onScheduler(() -> authenticate(fromCert, token, user -> {
                if (user == null) {
                    reply(c, 401, "Unauthorized");
                    return;
                }
                authorize(user, verb, subresource, allowed -> {
                    if (!allowed) {
                        reply(c, 403, "Forbidden (user=" + user.name() + ", verb=" + verb + ", resource=nodes, "
                                + "subresource=" + subresource + ")");
                    } else if (path.equals("/healthz")) {
                        reply(c, 200, "ok");
                    } else {
                        reply(c, 404, "404 page not found");
                    }
                });
            }));
        }

        private Optional<User> certificateUser() {
            try {
                X509Certificate cert = (X509Certificate) tls.engine().getSession().getPeerCertificates()[0];
                var subject = io.bootsim.core.pki.Subject.from(org.bouncycastle.asn1.x500.X500Name.getInstance(
                        cert.getSubjectX500Principal().getEncoded()));
                return Optional.of(new User(subject.commonName(), subject.organizations()));
            } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
                return Optional.empty();
            }
        }

        private void authenticate(Optional<User> fromCert, String token, java.util.function.Consumer<User> then) {
            if (fromCert.isPresent()) {
                then.accept(fromCert.get());
            } else if (!token.isEmpty() && auth.webhookAuthentication()) {
                ObjectNode review = Json.object();
                review.put("apiVersion", "authentication.k8s.io/v1").put("kind", "TokenReview");
                review.putObject("spec").put("token", token);
                api.get().send(HttpRequest.post("/apis/authentication.k8s.io/v1/tokenreviews", review), r -> {
                    var status = r.isSuccess() ? r.json().path("status") : Json.object();
                    if (status.path("authenticated").asBoolean(false)) {
                        List<String> groups = new java.util.ArrayList<>();
                        status.path("user").path("groups").forEach(g -> groups.add(g.asText()));
                        then.accept(new User(status.path("user").path("username").asText(), groups));
                    } else {
                        then.accept(null);
                    }
                });
            } else if (auth.anonymous()) {
                then.accept(new User("system:anonymous", List.of("system:unauthenticated")));
            } else {
                then.accept(null);
            }
        }

        private void authorize(User user, String verb, String subresource, java.util.function.Consumer<Boolean> then) {
            if (!auth.webhookAuthorization()) {
                then.accept(true);
                return;
            }
            ObjectNode sar = Json.object();
            sar.put("apiVersion", "authorization.k8s.io/v1").put("kind", "SubjectAccessReview");
            ObjectNode spec = sar.putObject("spec");
            spec.put("user", user.name());
            var groups = spec.putArray("groups");
            user.groups().forEach(groups::add);
            spec.putObject("resourceAttributes").put("verb", verb).put("resource", "nodes")
                    .put("subresource", subresource).put("name", nodeName);
            api.get().send(HttpRequest.post("/apis/authorization.k8s.io/v1/subjectaccessreviews", sar),
                    r -> then.accept(r.isSuccess() && r.json().path("status").path("allowed").asBoolean(false)));
        }

        private void reply(ChannelHandlerContext c, int code, String body) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(code), Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
            response.headers().set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
            c.writeAndFlush(response);
        }
    }
}
