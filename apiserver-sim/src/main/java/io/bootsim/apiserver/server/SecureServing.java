package io.bootsim.apiserver.server;

import io.bootsim.core.http.RequestClientCertificate;
import io.bootsim.core.http.ServingKeyManager;
import io.bootsim.core.http.TlsProvider;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.api.Session;
import org.eclipse.jetty.http2.api.Stream;
import org.eclipse.jetty.http2.api.server.ServerSessionListener;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;
import org.eclipse.jetty.server.DetectorConnectionFactory;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CRL;
import java.util.Collection;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * The secure port: TLS 1.2 and 1.3 on Jetty, h2 and http/1.1 by ALPN as upstream offers them
 * (NextProtos h2, http/1.1), so client-go, kubectl and the Java clients multiplex every request and
 * watch of a transport over one connection. Client certificates are requested but not verified during the
 * handshake, as upstream (tls.RequestClientCert): the x509 authenticator judges them, so a bad
 * client certificate is a 401, not a handshake failure (k8s.io/apiserver pkg/server/secure_serving.go).
 */
public final class SecureServing implements AutoCloseable {

    /** Jakarta's request attribute for the verified-or-not client chain. */
    public static final String PEER_CERTIFICATES = "jakarta.servlet.request.X509Certificate";


    /**
     * Go's net.Listen asks for the kernel's largest accept queue (net/sock_linux.go
     * maxListenerBacklog reads net.core.somaxconn); Jetty's default of 50 overflows when a
     * thousand kubelets dial at once, and each dropped SYN costs the client a 1, 3, 7 s... retry.
     */
    private static final int LISTEN_BACKLOG = somaxconn();

    /**
     * kube-apiserver's http.Server IdleTimeout (secure_serving.go: 90 s, "matches http.DefaultTransport
     * keep-alive timeout"); Jetty's default of 30 s would close connections Go keeps.
     */
    private static final long IDLE_TIMEOUT_MILLIS = 90_000;

    /**
     * One request thread pool for every kube-apiserver of this JVM, sized as Javalin's own (8 to 250
     * threads). A scenario starts kube-apiserver once or more per run, and a pool per server paid for
     * its eight threads at every start; started here, before any server, Jetty leaves it running when
     * a server stops. Daemon threads: an idle pool does not keep the JVM alive.
     */
    private static final QueuedThreadPool REQUEST_THREADS = startedRequestThreads();

    private final Javalin app;
    private final TlsConnections connections;
    private final SslContextFactory.Server tls;

    private SecureServing(Javalin app, TlsConnections connections, SslContextFactory.Server tls) {
        this.app = app;
        this.connections = connections;
        this.tls = tls;
    }

    /** TLS connections accepted so far (a bench compares them with what its clients needed). */
    public long connectionsAccepted() {
        return connections.accepted.sum();
    }

    /**
     * TLS connections whose handshake completed so far; the others accepted were closed, or are still open, in
     * the handshake: a client that gave up waiting (client-go's 10 s TLS handshake timeout) and dialled again.
     */
    public long connectionsHandshaken() {
        return connections.handshaken.sum();
    }

    /**
     * Starts serving every method and path through {@code handler}.
     *
     * @param port            0 picks a free port; {@link #port()} tells which
     * @param stack           the TLS implementation behind Jetty's SSLEngine: the JDK's or netty-tcnative's BoringSSL
     * @param http2MaxStreams the SETTINGS_MAX_CONCURRENT_STREAMS announced on each h2 connection
     */
    public static SecureServing start(String bindAddress, int port, ServingCertificate certificate,
                                      List<X509Certificate> clientCAs, TlsProvider stack, int http2MaxStreams,
                                      Handler handler) {
        SslContextFactory.Server tls = tlsContext(certificate, clientCAs, stack);
        TlsConnections connections = new TlsConnections();
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.startupWatcherEnabled = false; // a thread per server, to warn of a server never started
            config.jetty.threadPool = REQUEST_THREADS;
            // Javalin would gzip every body past 1,500 bytes; ApiResponse applies kube-apiserver's own rule
            config.http.compressionStrategy = CompressionStrategy.NONE;
            config.jetty.addConnector((server, http) -> {
                http.setSendServerVersion(false);
                http.setSendXPoweredBy(false);
                http.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));
                HTTP2ServerConnectionFactory h2 = new GoIdleHttp2(http);
                h2.setMaxConcurrentStreams(http2MaxStreams);
                HttpConnectionFactory http11 = new HttpConnectionFactory(http);
                // Server preference, as Go's crypto/tls: h2 whenever the client offers it. ALPN ids are
                // case-sensitive, and Jetty names its HTTP/1.1 factory "HTTP/1.1".
                ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
                alpn.setDefaultProtocol("http/1.1"); // a client offering no ALPN speaks http/1.1
                ServerConnector connector = new ServerConnector(server,
                        new DetectorConnectionFactory(new SslConnectionFactory(tls, alpn.getProtocol())),
                        new PlainHttpRejection(),
                        alpn, h2, http11);
                connector.setHost(bindAddress);
                connector.setPort(port);
                connector.setAcceptQueueSize(LISTEN_BACKLOG);
                connector.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
                connector.addEventListener(connections);
                return connector;
            });
            for (HandlerType method : List.of(HandlerType.GET, HandlerType.HEAD, HandlerType.POST, HandlerType.PUT,
                    HandlerType.PATCH, HandlerType.DELETE, HandlerType.OPTIONS)) {
                config.routes.addHttpHandler(method, "/", handler);
                config.routes.addHttpHandler(method, "/<path>", handler);
            }
        });
        // With a connector of ours, Javalin adds no plain-HTTP connector of its own.
        app.start();
        return new SecureServing(app, connections, tls);
    }

    /**
     * h2 with Go's idle rule (x/net/http2: the idle timer runs only while no stream is open): Jetty's session
     * idle timeout closes a connection that saw no frame for its idle time even with streams open (a silent
     * watch, a request still queued), and its stream idle timeout fails such streams; Go does neither, so a
     * client would otherwise dial connections a real apiserver never makes it dial.
     */
    static class GoIdleHttp2 extends HTTP2ServerConnectionFactory {
        GoIdleHttp2(HttpConfiguration http) {
            super(http);
        }

        @Override
        protected ServerSessionListener newSessionListener(Connector connector, EndPoint endPoint) {
            return new HTTPServerSessionListener(endPoint) {
                @Override
                public boolean onIdleTimeout(Session session) {
                    return session.getStreams().isEmpty() && super.onIdleTimeout(session);
                }

                @Override
                public void onIdleTimeout(Stream stream, TimeoutException timeout, Promise<Boolean> promise) {
                    promise.succeeded(false);
                }
            };
        }
    }

    /** Counts the TLS connections and their completed handshakes, and frees each engine as its connection closes. */
    private static final class TlsConnections implements Connection.Listener {
        final LongAdder accepted = new LongAdder();
        final LongAdder handshaken = new LongAdder();
        // not a bean of the connector, which would hand it to every SslConnection a second time
        private final SslHandshakeListener handshakes = new SslHandshakeListener() {
            @Override
            public void handshakeSucceeded(Event event) {
                handshaken.increment();
            }
        };

        @Override
        public void onOpened(Connection connection) {
            if (connection instanceof SslConnection tls) {
                accepted.increment();
                tls.addHandshakeListener(handshakes);
            }
        }

        @Override
        public void onClosed(Connection connection) {
            if (connection instanceof SslConnection tls) {
                release(tls.getSSLEngine());
            }
        }

        /**
         * Gives a closed connection's netty-tcnative engine back now, not at a garbage collection: its native
         * SSL, and its hold on the context, which the server releases as it stops. The JDK's engines hold
         * nothing native.
         */
        private static void release(SSLEngine engine) {
            ReferenceCountUtil.release(engine);
        }
    }

    /** Jetty's TLS: the JDK's engines, or netty-tcnative's for {@code --tls openssl}. */
    private static SslContextFactory.Server tlsContext(ServingCertificate certificate, List<X509Certificate> clientCAs,
                                                       TlsProvider stack) {
        try {
            SslContextFactory.Server tls = stack == TlsProvider.OPENSSL
                    ? new NativeEngines(certificate, clientCAs)
                    : new FixedPair(certificate, clientCAs);
            // Jetty insists on a key store; an empty one costs nothing, the key manager serves the pair
            KeyStore empty = KeyStore.getInstance("PKCS12");
            empty.load(null, null);
            tls.setKeyStore(empty);
            tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");
            tls.setWantClientAuth(true);
            tls.setSniRequired(false);
            tls.setEndpointIdentificationAlgorithm(null);
            return tls;
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot use the serving certificate and key: " + e.getMessage(), e);
        }
    }

    /** Jetty's context on the JDK's TLS, serving one fixed pair and requesting client certificates. */
    private static class FixedPair extends SslContextFactory.Server {
        private final KeyManager serving;
        private final TrustManager requesting;

        FixedPair(ServingCertificate certificate, List<X509Certificate> clientCAs) {
            this.serving = ServingKeyManager.of(certificate.chain(), certificate.key());
            this.requesting = new RequestClientCertificate(clientCAs);
        }

        @Override
        protected KeyManager[] getKeyManagers(KeyStore keyStore) {
            return new KeyManager[] {serving};
        }

        @Override
        protected TrustManager[] getTrustManagers(KeyStore trustStore, Collection<? extends CRL> crls) {
            return new TrustManager[] {requesting};
        }
    }

    /**
     * Jetty on netty-tcnative's BoringSSL engines for its connections, made by a context that already holds
     * what the JDK's engines get from Jetty (the pair, protocols, requested client certificates, ALPN), and
     * released when Jetty stops this factory with the server (each connection's engine gives its own hold
     * back as the connection closes: {@link TlsConnections}). Jetty's own context is started as for the JDK
     * and makes only the engine with no peer that SslConnectionFactory asks for at start, for buffer sizes,
     * and never gives back: a JDK engine holds nothing native. {@link NativeEngineAlpn} hands Jetty the
     * protocol that BoringSSL negotiated.
     */
    private static final class NativeEngines extends FixedPair {
        private final SslContext engines;

        NativeEngines(ServingCertificate certificate, List<X509Certificate> clientCAs) throws SSLException {
            super(certificate, clientCAs);
            this.engines = TlsProvider.OPENSSL.fixedServerContext(certificate.chain(), certificate.key(), clientCAs);
        }

        @Override
        public SSLEngine newSSLEngine(String host, int port) {
            return engines.newEngine(ByteBufAllocator.DEFAULT, host, port);
        }

        @Override
        protected void doStop() throws Exception {
            super.doStop();
            ReferenceCountUtil.release(engines);
        }
    }

    private static QueuedThreadPool startedRequestThreads() {
        QueuedThreadPool pool = new QueuedThreadPool(250, 8);
        pool.setName("JettyServerThreadPool");
        pool.setDaemon(true);
        try {
            pool.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start kube-apiserver's request threads", e);
        }
        return pool;
    }

    private static int somaxconn() {
        // by line: on some kernels Files.readString/readAllBytes get only the first byte of a sysctl file
        try (BufferedReader line = Files.newBufferedReader(Path.of("/proc/sys/net/core/somaxconn"))) {
            return Integer.parseInt(line.readLine().trim());
        } catch (IOException | RuntimeException e) {
            return 128; // Go's fallback, syscall.SOMAXCONN
        }
    }

    /** The client's certificate chain from the handshake, unverified; empty when it sent none. */
    public static List<X509Certificate> peerCertificates(io.javalin.http.Context ctx) {
        Object attribute = ctx.req().getAttribute(PEER_CERTIFICATES);
        return attribute instanceof X509Certificate[] chain ? List.of(chain) : List.of();
    }

    /**
     * Which client channel a request came on, as the client's network counts it: the remote
     * address, host:port, and on h2 the stream too (host:port/stream), since one connection
     * carries many watches and a watch its client cancelled is reset alone, its connection open.
     */
    public static String clientChannel(io.javalin.http.Context ctx) {
        String address = ctx.req().getRemoteAddr() + ":" + ctx.req().getRemotePort();
        org.eclipse.jetty.server.Request request =
                org.eclipse.jetty.ee10.servlet.ServletContextRequest.getServletContextRequest(ctx.req());
        // Jetty's request id is the h2 stream id (HttpStreamOverHTTP2.getId)
        return request.getConnectionMetaData().getHttpVersion() == org.eclipse.jetty.http.HttpVersion.HTTP_2
                ? address + "/" + request.getId() : address;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }

    /** BoringSSL's context behind Jetty, null on the JDK's TLS: a test sees it released. */
    SslContext nativeEngines() {
        return tls instanceof NativeEngines nativeTls ? nativeTls.engines : null;
    }
}
