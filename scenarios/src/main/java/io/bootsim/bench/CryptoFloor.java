package io.bootsim.bench;

import io.bootsim.core.http.ClientIdentity;
import io.bootsim.core.http.GoErrorTexts;
import io.bootsim.core.http.TlsProvider;
import io.bootsim.core.pki.CertificateAndKey;
import io.bootsim.core.pki.CertificateRequest;
import io.bootsim.core.pki.CertificateSpec;
import io.bootsim.core.pki.Certificates;
import io.bootsim.core.pki.ClientCertificateVerifier;
import io.bootsim.core.pki.KeyType;
import io.bootsim.core.pki.Keys;
import io.bootsim.core.pki.Subject;
import io.bootsim.core.random.RandomStreams;
import io.bootsim.core.runtime.HostsDirectory;
import io.bootsim.core.time.Clock;
import io.bootsim.core.version.KubeVersion;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The cryptography of N bootstraps done alone, in the same JVM and run as the stampede it is the
 * yardstick for (shared/PERFORMANCE.md): N ECDSA P-256 key generations and CSR signatures (the
 * kubelets' work, BouncyCastle as theirs), 2N CSR signature checks (apiserver and signer), N certificates signed by the
 * CA, N server-authenticated TLS handshakes and N mutual ones, each presenting one of the new
 * certificates. The handshakes use the flow's stacks, both of the bench's {@link TlsProvider}: a
 * server of that stack (the JDK's TLS, or netty-tcnative's BoringSSL, as behind Jetty) and Netty clients. Each phase runs as many operations at once as there
 * are processors, after a warm-up that is not timed; the floor is the sum of the phases' wall times.
 */
public final class CryptoFloor {

    /** Operations of each phase run untimed first, so the JIT has compiled what the timed ones run. */
    private static final int WARM_UP = 100;

    /**
     * Wall seconds per phase, how many certificate chains the trust managers checked in the timed
     * handshakes and how many full handshakes need: one per server-auth handshake, two per mutual
     * one (a resumed session would check none), and the CPU seconds the timed phases used.
     */
    public record Figures(TlsProvider tls, double keyGeneration, double csrSigning, double csrVerification,
                          double caSigning, double serverAuthHandshakes, double mutualHandshakes,
                          int handshakesChecked, int checksExpected, double cpuSeconds) {
        public double total() {
            return keyGeneration + csrSigning + csrVerification + caSigning + serverAuthHandshakes + mutualHandshakes;
        }
    }

    private final int threads;
    private final SecureRandom random = new SecureRandom();
    private final TlsProvider tls;

    public CryptoFloor(TlsProvider tls) {
        this(tls, Runtime.getRuntime().availableProcessors());
    }

    private CryptoFloor(TlsProvider tls, int threads) {
        this.tls = tls.requireAvailable();
        this.threads = threads;
    }

    /**
     * The floor of a flow whose steps each wait for the last, as a scenario's do: every phase one
     * operation at a time, and one event-loop thread at each end of the handshakes.
     */
    public static CryptoFloor oneAtATime(TlsProvider tls) {
        return new CryptoFloor(tls, 1);
    }

    /**
     * Milliseconds of one full handshake, the mean of a server-auth and a mutual one, {@code n} of each per
     * round, the best of {@code rounds} (a floor is the least the stack needs; the JIT may still be busy in
     * a round), with a fresh PKI whose CA and serving keys are of {@code caType}; clients present ECDSA
     * P-256 certificates, as kubelets do.
     */
    public double handshakeMillis(int n, int rounds, KeyType caType, KubeVersion version) throws Exception {
        Path dir = HostsDirectory.create("bootsim-floor-");
        try {
            BenchFiles files = BenchFiles.write(dir, caType, 0, RandomStreams.seeded(1));
            double best = Double.MAX_VALUE;
            for (int r = 0; r < rounds; r++) {
                Figures figures = measure(n, files.ca(), files.apiserver(), version);
                if (figures.handshakesChecked() != figures.checksExpected()) {
                    // a resumed handshake checks no chain, and would make the floor too cheap
                    throw new IllegalStateException(figures.handshakesChecked() + " chain checks in " + 2 * n
                            + " handshakes, " + figures.checksExpected() + " expected");
                }
                best = Math.min(best, (figures.serverAuthHandshakes() + figures.mutualHandshakes()) / (2.0 * n) * 1e3);
            }
            return best;
        } finally {
            HostsDirectory.delete(dir);
        }
    }

    /**
     * @param ca the cluster CA; @param server the apiserver's serving pair (same key type as the CA);
     * @param version the emulated release, whose x509 authenticator the server's check is
     */
    public Figures measure(int n, CertificateAndKey ca, CertificateAndKey server, KubeVersion version) throws Exception {
        AtomicInteger checked = new AtomicInteger();
        try (Handshakes handshakes = new Handshakes(ca.certificate(), server, version, checked)) {
            phases(Math.min(n, WARM_UP), ca, handshakes);
            checked.set(0);
            long cpu = ProcessCpu.nanos();
            double[] seconds = phases(n, ca, handshakes);
            return new Figures(tls, seconds[0], seconds[1], seconds[2], seconds[3], seconds[4], seconds[5],
                    checked.get(), 3 * n, (ProcessCpu.nanos() - cpu) / 1e9);
        }
    }

    /** Each phase for n nodes; wall seconds of each. */
    private double[] phases(int n, CertificateAndKey ca, Handshakes tls) throws Exception {
        KeyPair[] keys = new KeyPair[n];
        CertificateRequest[] csrs = new CertificateRequest[n];
        X509Certificate[] issued = new X509Certificate[n];
        double keyGeneration = timed(n, i -> keys[i] = Keys.generate(KeyType.ECDSA_P256, random));
        double csrSigning = timed(n, i -> csrs[i] = CertificateRequest.create(keys[i],
                Subject.of("system:node:" + Milestones.nodeName(i), "system:nodes"), List.of(), List.of(), random));
        // each CSR's signature is checked twice: by kube-apiserver's validation at create and by the signer
        // before it signs (upstream: pkg/apis/certificates/validation, pkg/controller/certificates/authority/authority.go Sign)
        double csrVerification = timed(2 * n, i -> {
            try {
                csrs[i % n].checkSignature();
            } catch (java.security.SignatureException e) {
                throw new IllegalStateException(e);
            }
        });
        Instant now = Instant.now();
        double caSigning = timed(n, i -> issued[i] = Certificates.sign(CertificateSpec.builder(csrs[i].subject())
                        .usages("digital signature", "client auth").validity(now.minusSeconds(300),
                                now.plus(Duration.ofDays(365))).build(), csrs[i].publicKey(), ca.certificate(),
                ca.privateKey(), random));
        double serverAuth = timed(n, i -> tls.handshake(null));
        double mutual = timed(n, i -> tls.handshake(new CertificateAndKey(issued[i], keys[i].getPrivate())));
        return new double[] {keyGeneration, csrSigning, csrVerification, caSigning, serverAuth, mutual};
    }

    /** Runs {@code op} for 0..n-1 on the processors' worth of threads; wall seconds. */
    private double timed(int n, IntConsumer op) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            AtomicInteger next = new AtomicInteger();
            long start = System.nanoTime();
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        op.accept(i);
                    }
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
            return (System.nanoTime() - start) / 1e9;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A TLS server of the bench's stack on loopback with the apiserver's key, and Netty clients of the
     * bench's stack; each client handshake uses a fresh client context, as each new client identity does,
     * so no session is ever resumed. Both ends judge certificates as the flow does, and no more: a client
     * checks the server's chain by Go's rules (the flow's client context), the server asks for a client
     * certificate without judging it in the handshake (Go's tls.RequestClientCert, as kube-apiserver) and
     * then verifies it as kube-apiserver's x509 authenticator does. (The JDK's PKIX trust manager, used here
     * before, checked ECDSA signatures with the JDK's own code, about 1.5 ms each on Java 17, three per
     * node: it made the floor heavier than the flow's own checks.) The server runs the engines Jetty runs
     * behind kube-apiserver, on event loops as Jetty does. Both ends set TCP_NODELAY as Jetty and Netty do: without it Nagle's algorithm and delayed
     * ACKs add 40 ms to each handshake and the floor measures waiting, not cryptography.
     */
    private final class Handshakes implements AutoCloseable {
        private final X509Certificate ca;
        private final ClientCertificateVerifier authenticator;
        private final AtomicInteger checked;
        private final EventLoopGroup serving = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        private final SslContext engines;
        private final Channel listener;
        private final int port;
        private final EventLoopGroup clients = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());

        Handshakes(X509Certificate ca, CertificateAndKey server, KubeVersion version, AtomicInteger checked)
                throws Exception {
            this.ca = ca;
            this.authenticator = new ClientCertificateVerifier(List.of(ca), version);
            this.checked = checked;
            // the flow's server stack, as behind Jetty: the apiserver's pair, client certificates requested
            engines = tls.fixedServerContext(server.certificates(), server.privateKey(), List.of(ca));
            listener = new ServerBootstrap().group(serving).channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 512)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            SslHandler handler = engines.newHandler(ch.alloc());
                            // one byte once the server has checked the client: the client's handshake
                            // ends before the server's check, and the floor must include it
                            handler.handshakeFuture().addListener(f -> {
                                if (f.isSuccess() && authenticated(handler.engine().getSession())) {
                                    ch.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {1}));
                                } else {
                                    ch.close();
                                }
                            });
                            ch.pipeline().addLast(handler);
                        }
                    })
                    .bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
            port = ((InetSocketAddress) listener.localAddress()).getPort();
        }

        /** The x509 authenticator's verdict on the client's certificate, counted; true when none was sent. */
        private boolean authenticated(SSLSession session) {
            Certificate[] peer;
            try {
                peer = session.getPeerCertificates();
            } catch (SSLPeerUnverifiedException none) {
                return true;
            }
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : peer) {
                chain.add((X509Certificate) c);
            }
            try {
                authenticator.verify(chain, Instant.now());
            } catch (ClientCertificateVerifier.VerificationError e) {
                return false;
            }
            checked.incrementAndGet();
            return true;
        }

        /** One full handshake from a fresh client context, presenting {@code client} if given; waits for it. */
        void handshake(CertificateAndKey client) {
            try {
                ClientIdentity identity = ClientIdentity.of(URI.create("https://127.0.0.1:" + port), List.of(ca));
                if (client != null) {
                    identity = identity.withClientCertificate(client.certificates(), client.privateKey());
                }
                // the flow's client context: Go's check of the server's chain, counted once per full handshake
                SslContext context = tls.clientContext(identity, Clock.system(), GoErrorTexts.newest(),
                        checked::incrementAndGet);
                CompletableFuture<Void> done = new CompletableFuture<>();
                Channel channel = new Bootstrap().group(clients).channel(NioSocketChannel.class)
                        .option(ChannelOption.TCP_NODELAY, true)
                        .handler(new ChannelInitializer<Channel>() {
                            @Override
                            protected void initChannel(Channel ch) {
                                ch.pipeline().addLast(context.newHandler(ch.alloc(), "127.0.0.1",
                                        port), new ChannelInboundHandlerAdapter() {
                                    @Override
                                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                        ReferenceCountUtil.release(msg);
                                        done.complete(null);
                                    }

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        done.completeExceptionally(cause);
                                    }

                                    @Override
                                    public void channelInactive(ChannelHandlerContext ctx) {
                                        done.completeExceptionally(new IOException("closed before the server's byte"));
                                    }
                                });
                            }
                        })
                        .connect(InetAddress.getLoopbackAddress(), port).sync().channel();
                try {
                    done.get(30, TimeUnit.SECONDS);
                } finally {
                    channel.close();
                    ReferenceCountUtil.release(context);
                }
            } catch (Exception e) {
                throw new IllegalStateException("floor handshake failed: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws IOException {
            listener.close().syncUninterruptibly();
            serving.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            clients.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            ReferenceCountUtil.release(engines);
        }
    }
}
