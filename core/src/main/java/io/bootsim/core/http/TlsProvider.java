package io.bootsim.core.http;

import io.bootsim.core.time.Clock;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

import javax.net.ssl.SSLException;

/**
 * Which TLS implementation clients use. The one place a client SslContext is built, so that
 * netty-tcnative (BoringSSL, 2-3x more handshakes per second, shared/PERFORMANCE.md) can be
 * offered behind a flag without touching the client. Both stacks verify with the same Go rules on
 * the component's clock (the trust manager is ours, not the stack's).
 */
public enum TlsProvider {
    /** The JDK's own TLS (SunJSSE), as every component uses by default. */
    JDK(SslProvider.JDK, "jdk"),
    /** BoringSSL through netty-tcnative, for the Netty clients only. */
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

    /**
     * A client builder of this stack with what every client shares: TLS 1.3 and 1.2, no host-name check of the stack's own (ServerCertificateVerifier does
     * it with Go's texts; Netty 4.2 would otherwise check by default), and the pinned group.
     */
    public SslContextBuilder clientBuilder() {
        requireAvailable();
        SslContextBuilder builder = SslContextBuilder.forClient()
                .sslProvider(netty)
                .protocols("TLSv1.3", "TLSv1.2")
                .endpointIdentificationAlgorithm(null);
        if (this == OPENSSL) {
            builder.option(OpenSslContextOption.GROUPS, new String[] {KEY_EXCHANGE_GROUP});
        }
        return builder;
    }

    /**
     * A client context for {@code identity}: its CA checked by Go's rules at {@code clock}'s time,
     * its client certificate offered, h2 and http/1.1 offered by ALPN in Go's order (net/http's
     * transport adds h2 to TLSClientConfig.NextProtos).
     */
    SslContext clientContext(ClientIdentity identity, Clock clock, GoErrorTexts texts) throws SSLException {
        SslContextBuilder builder = clientBuilder().applicationProtocolConfig(new ApplicationProtocolConfig(
                ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1));
        builder.trustManager(identity.insecureSkipTlsVerify()
                ? InsecureTrustManagerFactory.INSTANCE.getTrustManagers()[0]
                : new ServerCertificateVerifier(identity.trustedCas(), identity.verifiedName(), clock, texts));
        if (!identity.clientCertificates().isEmpty()) {
            builder.keyManager(new ClientKeyManager(identity.clientCertificates(), identity.clientKey()));
        }
        return builder.build();
    }
}
