package io.bootsim.core.http;

import io.bootsim.core.pki.TestPki;
import io.bootsim.core.time.Clock;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCounted;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ConnectionPoolTest {

    /**
     * The JDK (and tcnative) look up a session to resume under the engine's peer host and port;
     * Go's client keeps no session cache, so our engines have no peer, and carry the server name
     * only as SNI, which Go sends for DNS names and never for IPs.
     */
    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void engineHasNoPeerToResumeASessionForAndSendsSniOnlyForDnsNames(TlsProvider stack) throws Exception {
        SslContext context = stack.clientBuilder().build();

        SSLEngine byName = ConnectionPool.engineWithoutResumption(context, "kubernetes.default.svc");
        SSLEngine byIp = ConnectionPool.engineWithoutResumption(context, "10.96.0.1");

        assertNull(byName.getPeerHost());
        assertNull(byIp.getPeerHost());
        assertEquals(List.of(new SNIHostName("kubernetes.default.svc")), byName.getSSLParameters().getServerNames());
        assertEquals(List.of(), List.copyOf(nullToEmpty(byIp.getSSLParameters().getServerNames())));
    }

    /**
     * A route to nowhere (a scenario's stopped apiserver) is refused at once, even when something on this
     * machine listens on the port: here a socket that accepts and never answers, which a dial that went
     * through would wait on until the 10 s TLS handshake timeout.
     */
    @Test
    void aDialWithNoRouteIsRefusedWhateverListensOnThePort() throws Exception {
        NioEventLoopGroup group = new NioEventLoopGroup(1);
        try (ServerSocket squatter = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = squatter.getLocalPort();
            ClientNetwork nowhere = new ClientNetwork(group, TlsProvider.JDK, dialled -> null);
            ClientIdentity identity = ClientIdentity.of(URI.create("https://127.0.0.1:" + port),
                    List.of(TestPki.ca("kubernetes").caCertificate()));
            long start = System.nanoTime();
            Result result = RoundTrip.send(identity, nowhere, Clock.system(), GoErrorTexts.newest(), "test",
                    HttpRequest.get("/healthz"), Duration.ofSeconds(20));
            assertEquals("Get \"https://127.0.0.1:" + port + "/healthz\": dial tcp 127.0.0.1:" + port
                    + ": connect: connection refused", result.goError());
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "refused, not timed out");
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /**
     * A refused dial makes no TLS engine: nothing would free it but a finalizer, and a BoringSSL engine
     * holds its context (and the context's native verify callback) until then.
     */
    @Test
    void aRefusedDialLeavesTheContextHeldByThePoolAlone() throws Exception {
        assumeTrue(OpenSsl.isAvailable(), "BoringSSL does not load on this platform");
        NioEventLoopGroup group = new NioEventLoopGroup(1);
        try {
            ClientNetwork nowhere = new ClientNetwork(group, TlsProvider.OPENSSL, dialled -> null);
            ConnectionPool pool = new ConnectionPool(ClientIdentity.of(URI.create("https://127.0.0.1:6443"),
                    List.of(TestPki.ca("kubernetes").caCertificate())), nowhere, Clock.system(), GoErrorTexts.newest());
            EndOfExchange refused = new EndOfExchange();
            pool.send(() -> new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/healthz"), refused,
                    connection -> true);
            assertInstanceOf(ConnectException.class, refused.ended.get(5, TimeUnit.SECONDS));
            assertEquals(1, ((ReferenceCounted) pool.context()).refCnt(), "the pool's hold only, no engine's");
            pool.close();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
