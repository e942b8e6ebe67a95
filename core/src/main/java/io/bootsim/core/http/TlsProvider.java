package io.bootsim.core.http;

import io.bootsim.core.time.Clock;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.DelegatingSslContext;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslCachingX509KeyManagerFactory;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.ReferenceCountedOpenSslContext;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.handler.ssl.util.SimpleKeyManagerFactory;
import io.netty.internal.tcnative.SSL;
import io.netty.util.ReferenceCounted;

import javax.net.ssl.KeyManager;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Which TLS implementation clients and servers use. The one place a client or server SslContext is
 * made, so that BoringSSL (2-3x more handshakes per second, shared/PERFORMANCE.md) can be offered
 * behind a flag without touching the endpoints: netty-tcnative for the Netty clients and servers, and
 * its engines behind Jetty. Both stacks verify with the same Go rules on the component's clock (the
 * trust managers are ours, not the stack's).
 */
public enum TlsProvider {
    /** The JDK's own TLS (SunJSSE), as every component uses by default. */
    JDK(SslProvider.JDK, "jdk"),
    /** BoringSSL through netty-tcnative, for clients and servers. */
    OPENSSL(SslProvider.OPENSSL, "openssl");

    /**
     * The key-exchange group the OpenSSL stack is pinned to: the JDK offers X25519 first and
     * BoringSSL would pick the hybrid X25519MLKEM768 between two BoringSSL peers, so pinning keeps
     * comparisons between the stacks fair (shared/PERFORMANCE.md); see also {@link #pinJdkKeyExchangeGroup}.
     */
    static final String KEY_EXCHANGE_GROUP = "X25519";

    private final SslProvider netty;
    private final String flagValue;

    TlsProvider(SslProvider netty, String flagValue) {
        this.netty = netty;
        this.flagValue = flagValue;
    }

    /**
     * Pins the JDK's TLS, JVM-wide, to the same group: a JDK client otherwise sends two key shares
     * (X25519 and P-256, one per kind of group), a P-256 key generation per handshake that a Go
     * client, offering X25519 only, never makes. The JDK reads the setting once, at its first
     * handshake: call this before any.
     */
    public static void pinJdkKeyExchangeGroup() {
        System.setProperty("jdk.tls.namedGroups", KEY_EXCHANGE_GROUP.toLowerCase(java.util.Locale.ROOT));
    }

    /** The stack named {@code jdk} or {@code openssl}, as a command-line flag takes it. */
    public static TlsProvider parse(String value) {
        for (TlsProvider p : values()) {
            if (p.flagValue.equals(value)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown TLS implementation \"" + value + "\": use jdk or openssl");
    }

    public String flagValue() {
        return flagValue;
    }

    /**
     * Throws, saying why, if this stack cannot run here: netty-tcnative's native library is only
     * shipped for linux-x86_64 and fails to load elsewhere (or without a compatible libc).
     */
    public TlsProvider requireAvailable() {
        if (this == OPENSSL && !OpenSsl.isAvailable()) {
            Throwable cause = OpenSsl.unavailabilityCause();
            throw new IllegalStateException("the openssl TLS implementation (netty-tcnative BoringSSL, linux-x86_64 "
                    + "only) cannot load: " + (cause == null ? "unknown reason" : cause.toString()));
        }
        return this;
    }

    /** The server side's name, as a bench report prints it. */
    public String serverName() {
        return this == OPENSSL ? "netty-tcnative (BoringSSL)" : "JDK";
    }

    /**
     * A server context of this stack for a certificate and key that never change (kube-apiserver's
     * --tls-cert-file and --tls-private-key-file): TLS 1.3 and 1.2, client certificates requested but not
     * judged (Go's tls.RequestClientCert; the x509 authenticator judges them), h2 before http/1.1 by ALPN
     * (Go's crypto/tls picks by the server's order). Its engines serve Jetty behind kube-apiserver and the
     * bench's floor. With BoringSSL the key is converted to native form once (a key manager's would be
     * converted at every handshake), and the engines open no files: Conscrypt's, used here before, opened a
     * pipe pair for every SSL, so 5,000 kubelets could not share one process with the apiserver.
     * BoringSSL cannot refuse a client whose ALPN offer holds nothing it speaks (Go sends
     * no_application_protocol): such a client gets no protocol, so http/1.1.
     */
    public SslContext fixedServerContext(List<X509Certificate> chain, PrivateKey key, List<X509Certificate> clientCAs)
            throws SSLException {
        ServingKeyManager serving = ServingKeyManager.of(chain, key);
        SslContextBuilder builder = this == OPENSSL
                // converted to BoringSSL's form at the first handshake and kept; a key and chain handed to
                // Netty directly would go through a PKCS#12 key store at every server start
                ? ofThisStack(SslContextBuilder.forServer(new OpenSslCachingX509KeyManagerFactory(
                        new SimpleKeyManagerFactory() {
                            @Override
                            protected void engineInit(KeyStore keyStore, char[] password) {
                            }

                            @Override
                            protected void engineInit(ManagerFactoryParameters parameters) {
                            }

                            @Override
                            protected KeyManager[] engineGetKeyManagers() {
                                return new KeyManager[] {serving};
                            }
                        })))
                : serverBuilder(serving);
        SslContext context = builder.trustManager(new RequestClientCertificate(clientCAs))
                .clientAuth(ClientAuth.OPTIONAL)
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
                .build();
        if (!(context instanceof ReferenceCountedOpenSslContext openssl)) {
            return context;
        }
        // Go's clients keep no session cache, so every connection to kube-apiserver is a full handshake; the
        // Java clients' contexts do keep one, so this server offers nothing to resume: no TLS 1.2 session
        // cache, and no TLS 1.3 tickets, which netty-tcnative enables engine by engine (unless the JVM-wide
        // jdk.tls.server.enableSessionTicketExtension is false) whatever the context says
        openssl.sessionContext().setSessionCacheEnabled(false);
        return new FullHandshakesOnly(openssl);
    }

    /**
     * A client builder of this stack with what every client shares: {@link #ofThisStack}, and no
     * host-name check of the stack's own (ServerCertificateVerifier does it with Go's texts; Netty 4.2
     * would otherwise check by default).
     */
    public SslContextBuilder clientBuilder() {
        return ofThisStack(SslContextBuilder.forClient()).endpointIdentificationAlgorithm(null);
    }

    /**
     * A builder for a Netty server of this stack (the kubelet's API), with {@link #ofThisStack}: Netty's own
     * default would be BoringSSL whenever netty-tcnative loads, whatever the flag says.
     */
    public SslContextBuilder serverBuilder(KeyManager keyManager) {
        return ofThisStack(SslContextBuilder.forServer(keyManager));
    }

    /** What both ends share: this stack, TLS 1.3 and 1.2, and the pinned key-exchange group. */
    private SslContextBuilder ofThisStack(SslContextBuilder builder) {
        requireAvailable();
        builder.sslProvider(netty).protocols("TLSv1.3", "TLSv1.2");
        if (this == OPENSSL) {
            builder.option(OpenSslContextOption.GROUPS, new String[] {KEY_EXCHANGE_GROUP});
        }
        return builder;
    }

    /**
     * A client context for {@code identity}: its CA checked by Go's rules at {@code clock}'s time,
     * its client certificate offered, h2 and http/1.1 offered by ALPN in Go's order (net/http's
     * transport adds h2 to TLSClientConfig.NextProtos); {@code serverChecked} runs at each check of the server's
     * chain, that is at each full handshake (none when the identity skips verification).
     */
    public SslContext clientContext(ClientIdentity identity, Clock clock, GoErrorTexts texts, Runnable serverChecked)
            throws SSLException {
        SslContextBuilder builder = clientBuilder().applicationProtocolConfig(new ApplicationProtocolConfig(
                ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1));
        builder.trustManager(identity.insecureSkipTlsVerify()
                ? InsecureTrustManagerFactory.INSTANCE.getTrustManagers()[0]
                : new ServerCertificateVerifier(identity.trustedCas(), identity.verifiedName(), clock, texts,
                        serverChecked));
        if (!identity.clientCertificates().isEmpty()) {
            builder.keyManager(new ClientKeyManager(identity.clientCertificates(), identity.clientKey()));
        }
        return builder.build();
    }

    /**
     * BoringSSL's engines with no TLS 1.3 ticket to resume from (see {@link #fixedServerContext}), counted and
     * released as the context they come from: its owner releases it when it stops serving.
     */
    private static final class FullHandshakesOnly extends DelegatingSslContext implements ReferenceCounted {
        private final ReferenceCountedOpenSslContext context;

        FullHandshakesOnly(ReferenceCountedOpenSslContext context) {
            super(context);
            this.context = context;
        }

        @Override
        protected void initEngine(SSLEngine engine) {
            SSL.setOptions(((ReferenceCountedOpenSslEngine) engine).sslPointer(), SSL.SSL_OP_NO_TICKET);
        }

        @Override
        public int refCnt() {
            return context.refCnt();
        }

        @Override
        public ReferenceCounted retain() {
            context.retain();
            return this;
        }

        @Override
        public ReferenceCounted retain(int increment) {
            context.retain(increment);
            return this;
        }

        @Override
        public ReferenceCounted touch() {
            context.touch();
            return this;
        }

        @Override
        public ReferenceCounted touch(Object hint) {
            context.touch(hint);
            return this;
        }

        @Override
        public boolean release() {
            return context.release();
        }

        @Override
        public boolean release(int decrement) {
            return context.release(decrement);
        }
    }
}
