package io.bootsim.apiserver.server;

import io.bootsim.apiserver.KubeApiServer;
import io.bootsim.apiserver.LiveApiServerConfig;
import io.bootsim.apiserver.KubeApiServerConfig;
import io.bootsim.core.http.ClientIdentity;
import io.bootsim.core.http.ClientNetwork;
import io.bootsim.core.http.GoErrorTexts;
import io.bootsim.core.http.HttpRequest;
import io.bootsim.core.http.Result;
import io.bootsim.core.http.RoundTrip;
import io.bootsim.core.http.TlsProvider;
import io.bootsim.core.pki.CertificateAndKey;
import io.bootsim.core.pki.TestPki;
import io.bootsim.core.runtime.ComponentContext;
import io.bootsim.core.time.Clock;
import io.bootsim.core.trace.TraceSink;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kube-apiserver behind netty-tcnative's BoringSSL ({@code bootsim bench --tls openssl}) serves clients of
 * both stacks as the JDK-served one does: bearer tokens and client certificates authenticate, a
 * certificate from another CA is a 401 rather than a handshake failure, and every connection is a
 * full handshake (no ticket for a client to resume with, which would hide handshakes from the bench).
 */
class BoringSslServingTest {

    private static final String ADMIN_TOKEN = "0c2f3a4b5d6e7f8091a2b3c4d5e6f708";
    private static final String ALICE_TOKEN = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";
    private static final TestPki PKI = TestPki.ca("kubernetes");
    private static final NioEventLoopGroup GROUP = new NioEventLoopGroup(1);

    private static KubeApiServer server;
    private static URI url;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("token.csv"), ADMIN_TOKEN + ",admin,admin,\"system:masters\"\n"
                + ALICE_TOKEN + ",alice,alice\n");
        Files.writeString(dir.resolve("ca.pem"), PKI.caPem());
        ComponentContext context = LiveApiServerConfig.context(TraceSink.discard());
        KubeApiServerConfig config = LiveApiServerConfig.load(List.of("--token-auth-file=" + dir.resolve("token.csv"),
                "--cert-dir=" + dir, "--client-ca-file=" + dir.resolve("ca.pem"), "--authorization-mode=RBAC"), context);
        server = KubeApiServer.start(config, context, KubeApiServer.newStore(config, context), TlsProvider.OPENSSL);
        url = LiveApiServerConfig.url(config);
    }

    @AfterAll
    static void stop() {
        server.close();
        GROUP.shutdownGracefully();
    }

    private static List<X509Certificate> servingCa() {
        List<X509Certificate> chain = server.config().serving().chain();
        return List.of(chain.get(chain.size() - 1));
    }

    private static Result get(TlsProvider client, ClientIdentity identity, String path) {
        return RoundTrip.send(identity, new ClientNetwork(GROUP, client), Clock.system(), GoErrorTexts.newest(),
                "test", HttpRequest.get(path), Duration.ofSeconds(10));
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void bearerTokensAuthenticate(TlsProvider client) {
        ClientIdentity base = ClientIdentity.of(url, servingCa());
        Result admin = get(client, base.withBearerToken(ADMIN_TOKEN), "/api/v1/namespaces/kube-system");
        assertEquals(200, admin.statusCode(), admin.bodyText());
        Result alice = get(client, base.withBearerToken(ALICE_TOKEN), "/api/v1/namespaces/kube-system");
        assertEquals(403, alice.statusCode(), alice.bodyText());
        assertTrue(alice.bodyText().contains("User \\\"alice\\\" cannot get resource \\\"namespaces\\\""), alice.bodyText());
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void clientCertificatesAuthenticate(TlsProvider client) {
        CertificateAndKey bob = PKI.client("bob", "developers");
        Result r = get(client, ClientIdentity.of(url, servingCa()).withClientCertificate(bob.certificates(),
                bob.privateKey()), "/api/v1/namespaces/kube-system");
        assertEquals(403, r.statusCode(), r.bodyText());
        assertTrue(r.bodyText().contains("User \\\"bob\\\" cannot get resource"), r.bodyText());
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void aCertificateFromAnotherCaIsA401NotAHandshakeFailure(TlsProvider client) {
        CertificateAndKey mallory = TestPki.ca("not-the-cluster-ca").client("mallory", "system:masters");
        Result r = get(client, ClientIdentity.of(url, servingCa()).withClientCertificate(mallory.certificates(),
                mallory.privateKey()), "/api/v1/namespaces/kube-system");
        assertEquals(401, r.statusCode(), r.bodyText());
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void everyConnectionFromOneClientContextIsAFullHandshake(TlsProvider client) throws Exception {
        AtomicInteger checks = new AtomicInteger();
        // the flow's client context: its server check runs once per full handshake, never for a resumed one
        SslContext context = client.clientContext(ClientIdentity.of(url, servingCa()), Clock.system(),
                GoErrorTexts.newest(), checks::incrementAndGet);
        for (int i = 0; i < 3; i++) {
            SslHandler tls = context.newHandler(ByteBufAllocator.DEFAULT, "127.0.0.1", url.getPort()); // host and port given: a client session cache would be consulted
            Channel channel = new Bootstrap().group(GROUP).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(tls);
                        }
                    }).connect("127.0.0.1", url.getPort()).sync().channel();
            assertTrue(tls.handshakeFuture().await(10, TimeUnit.SECONDS) && tls.handshakeFuture().isSuccess(),
                    String.valueOf(tls.handshakeFuture().cause()));
            // a TLS 1.3 ticket arrives after the handshake: let it, before the next connection
            Thread.sleep(100);
            channel.close().sync();
        }
        assertEquals(3, checks.get(), "server certificate checks for 3 connections of one " + client + " client context");
    }
}
