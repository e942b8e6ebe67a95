package io.bootsim.apiserver.server;

import io.bootsim.core.http.ClientIdentity;
import io.bootsim.core.http.ClientNetwork;
import io.bootsim.core.http.HttpRequest;
import io.bootsim.core.http.RateLimiter;
import io.bootsim.core.http.RestClient;
import io.bootsim.core.http.Result;
import io.bootsim.core.http.TlsProvider;
import io.bootsim.core.pki.CertificateAndKey;
import io.bootsim.core.pki.TestPki;
import io.bootsim.core.time.InlineScheduler;
import io.bootsim.core.time.VirtualClock;
import io.bootsim.core.trace.MemoryTrace;
import io.bootsim.core.trace.Tracer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The secure port's behaviour, the same behind the JDK's TLS and behind netty-tcnative's BoringSSL ({@code --tls openssl}). */
@ParameterizedClass
@EnumSource(TlsProvider.class)
class SecureServingTest {

    private static final TestPki CLUSTER = TestPki.ca("kubernetes");
    private static final AtomicReference<List<X509Certificate>> seenPeer = new AtomicReference<>();
    private static final List<String> seenProtocols = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final List<String> seenChannels = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static SecureServing server;

    @Parameter
    TlsProvider stack;

    @BeforeParameterizedClassInvocation
    static void start(TlsProvider stack) {
        CertificateAndKey serving = CLUSTER.server("localhost", "127.0.0.1");
        List<X509Certificate> chain = new java.util.ArrayList<>(serving.certificates());
        chain.add(CLUSTER.caCertificate());
        server = SecureServing.start("127.0.0.1", 0, new ServingCertificate(chain, serving.privateKey()),
                List.of(CLUSTER.caCertificate()), stack, 100, ctx -> {
                    seenPeer.set(SecureServing.peerCertificates(ctx));
                    seenProtocols.add(ctx.req().getProtocol());
                    seenChannels.add(SecureServing.clientChannel(ctx));
                    ctx.result("ok " + ctx.path());
                });
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    @Test
    void servesHttp11OverTlsToAClientWithoutCertificate() throws Exception {
        try (SSLSocket socket = connect(null, "http/1.1")) {
            String response = exchange(socket, "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertTrue(response.startsWith("HTTP/1.1 200"), response);
            assertTrue(response.endsWith("ok /healthz"), response);
            assertEquals("http/1.1", socket.getApplicationProtocol());
            assertEquals(List.of(), seenPeer.get());
        }
    }

    @Test
    void choosesH2ForAClientThatOffersItAsGoClientsDo() throws Exception {
        try (SSLSocket socket = connect(null, "h2", "http/1.1")) {
            assertEquals("h2", socket.getApplicationProtocol());
        }
    }

    @Test
    void bootsimsClientGetsH2AndItsRequestsAreStreamsOfOneConnection() throws Exception {
        io.netty.channel.EventLoopGroup group = new io.netty.channel.MultiThreadIoEventLoopGroup(1,
                io.netty.channel.nio.NioIoHandler.newFactory());
        try (RestClient client = new RestClient("kubelet", ClientIdentity.of(
                java.net.URI.create("https://127.0.0.1:" + server.port()), List.of(CLUSTER.caCertificate())),
                new ClientNetwork(group, TlsProvider.JDK), new InlineScheduler(new VirtualClock(java.time.Instant.now())),
                RateLimiter.unlimited(), RestClient.Options.defaults(),
                new Tracer("kubelet", new VirtualClock(java.time.Instant.now()), new MemoryTrace()))) {
            seenProtocols.clear();
            seenChannels.clear();
            long acceptedBefore = server.connectionsAccepted();
            long handshakenBefore = server.connectionsHandshaken();
            for (int i = 0; i < 2; i++) {
                java.util.concurrent.CompletableFuture<Result> result = new java.util.concurrent.CompletableFuture<>();
                client.send(HttpRequest.get("/healthz"), result::complete);
                assertEquals(200, result.get(10, java.util.concurrent.TimeUnit.SECONDS).statusCode());
            }
            assertEquals(List.of("HTTP/2.0", "HTTP/2.0"), seenProtocols);
            assertEquals(1, client.dials().opened());
            assertEquals(acceptedBefore + 1, server.connectionsAccepted(), "one TLS connection accepted, not one per protocol layer");
            assertEquals(handshakenBefore + 1, server.connectionsHandshaken(), "and its one handshake");
            String connection = seenChannels.get(0).substring(0, seenChannels.get(0).indexOf('/'));
            assertEquals(List.of(connection + "/3", connection + "/5"), seenChannels,
                    "each request a stream of the one connection, by the stream ids on the wire");
        } finally {
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void speaksHttp11ToAClientThatOffersNoAlpn() throws Exception {
        try (SSLSocket socket = connect(null)) {
            String response = exchange(socket, "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertTrue(response.startsWith("HTTP/1.1 200"), response);
        }
    }

    @Test
    void passesAClientCertificateFromAnotherCaThroughToAuthentication() throws Exception {
        CertificateAndKey stranger = TestPki.ca("not-the-cluster-ca").client("mallory", "system:masters");
        try (SSLSocket socket = connect(stranger, "http/1.1")) {
            String response = exchange(socket, "GET /api HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertTrue(response.startsWith("HTTP/1.1 200"), response);
            assertEquals(stranger.certificates().get(0), seenPeer.get().get(0));
        }
    }

    @Test
    void answersPlainHttpLikeGo() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            String response = exchange(socket, "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertEquals("HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n", response);
        }
    }

    /** A client that gives up in the handshake (client-go's 10 s timeout) leaves a connection accepted, not handshaken. */
    @Test
    void aConnectionItsClientLeftInTheHandshakeIsAcceptedButNotHandshaken() throws Exception {
        long accepted = server.connectionsAccepted();
        long handshaken = server.connectionsHandshaken();
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            // the start of a ClientHello record: enough for the port to see TLS, not for a handshake
            socket.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x00, 0x40, 0x01, 0x00});
            socket.getOutputStream().flush();
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
            while (server.connectionsAccepted() == accepted && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        assertEquals(accepted + 1, server.connectionsAccepted());
        assertEquals(handshaken, server.connectionsHandshaken());
    }

    /**
     * A closed connection gives back its socket at once, not at a garbage collection (none runs while the
     * test polls), or a stampede of handshakes exhausts the process's open files. Connections end all three
     * ways: the server closes (Connection: close), the client closes with close_notify, the client vanishes
     * without.
     */
    @Test
    void closedConnectionsGiveBackTheirOpenFilesWithoutAGarbageCollection() throws Exception {
        long before = openFiles();
        List<Socket> clients = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Socket tcp = new Socket("127.0.0.1", server.port());
            SSLSocket tls = handshake(tcp, null, "http/1.1");
            switch (i % 3) {
                case 0 -> exchange(tls, "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
                case 1 -> exchange(tls, "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n", "ok /healthz");
                default -> exchange(tls, "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n", "ok /healthz");
            }
            clients.add(i % 3 == 2 ? tcp : tls);
        }
        assertTrue(openFiles() >= before + 40, "both ends of the 40 connections still open");
        for (Socket client : clients) {
            client.close();
        }
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        long now = openFiles();
        while (now > before + 10 && System.nanoTime() < deadline) {
            Thread.sleep(50);
            now = openFiles();
        }
        assertTrue(now <= before + 10, "open files: " + before + " before 60 connections, " + now + " after closing them");
    }

    /**
     * A stopped server gives BoringSSL's context back (its native SSL_CTX, the key material and the
     * callbacks into Java), not to a finalizer: a scenario run starts kube-apiserver again and again.
     */
    @Test
    void aStoppedServerReleasesItsNativeContext() throws Exception {
        CertificateAndKey serving = CLUSTER.server("localhost", "127.0.0.1");
        SecureServing own = SecureServing.start("127.0.0.1", 0, new ServingCertificate(serving.certificates(),
                serving.privateKey()), List.of(CLUSTER.caCertificate()), stack, 100, ctx -> ctx.result("ok"));
        io.netty.handler.ssl.SslContext engines = own.nativeEngines();
        try (SSLSocket tls = handshake(new Socket("127.0.0.1", own.port()), null, "http/1.1")) {
            assertTrue(exchange(tls, "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .endsWith("ok"));
        } finally {
            own.close();
            own.close(); // a second close gives nothing back twice
        }
        if (stack == TlsProvider.JDK) {
            assertEquals(null, engines, "the JDK's engines come from Jetty's own context");
        } else {
            assertEquals(0, ((io.netty.util.ReferenceCounted) engines).refCnt(),
                    "released by the server and by its connection's engine, and no engine left over");
        }
    }

    private static long openFiles() throws IOException {
        try (java.util.stream.Stream<java.nio.file.Path> fds = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static SSLSocket connect(CertificateAndKey clientCertificate, String... alpn) throws Exception {
        return handshake(new Socket("127.0.0.1", server.port()), clientCertificate, alpn);
    }

    /** TLS over {@code tcp}: closing the TLS socket sends close_notify first, closing {@code tcp} does not. */
    private static SSLSocket handshake(Socket tcp, CertificateAndKey clientCertificate, String... alpn) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", CLUSTER.caCertificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManager[] keyManagers = clientCertificate == null ? null
                : new KeyManager[] {new AlwaysPresent(clientCertificate)};
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers, tmf.getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(tcp, "127.0.0.1", server.port(), true);
        socket.setSoTimeout(5000);
        SSLParameters params = socket.getSSLParameters();
        params.setApplicationProtocols(alpn);
        socket.setSSLParameters(params);
        socket.startHandshake();
        return socket;
    }

    /** Sends {@code request} on a kept-alive connection and reads until the response ends with {@code last}. */
    private static void exchange(Socket socket, String request, String last) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        StringBuilder response = new StringBuilder();
        byte[] buffer = new byte[4096];
        while (!response.toString().endsWith(last)) {
            int n = socket.getInputStream().read(buffer);
            if (n < 0) {
                throw new IOException("connection closed after " + response);
            }
            response.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
    }

    private static String exchange(Socket socket, String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        socket.getInputStream().transferTo(body);
        return body.toString(StandardCharsets.UTF_8);
    }

    /** Sends its certificate whatever CA names the server lists, as client-go does. */
    private static final class AlwaysPresent extends X509ExtendedKeyManager {
        private final CertificateAndKey identity;

        AlwaysPresent(CertificateAndKey identity) {
            this.identity = identity;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return "client";
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return "client";
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return identity.certificates().toArray(new X509Certificate[0]);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return identity.privateKey();
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {"client"};
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }
    }
}
