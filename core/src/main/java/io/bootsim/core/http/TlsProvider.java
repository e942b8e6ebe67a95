package io.bootsim.core.http;

import io.bootsim.core.pki.BoringSslProvider;
import io.bootsim.core.time.Clock;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;

/**
 * Which TLS implementation clients and servers use. The one place a client SslContext or a server
 * SSLContext is made, so that BoringSSL (2-3x more handshakes per second, shared/PERFORMANCE.md) can
 * be offered behind a flag without touching the endpoints: netty-tcnative for the Netty clients,
 * Conscrypt for SSLEngine servers (Jetty). Both stacks verify with the same Go rules on the
 * component's clock (the trust managers are ours, not the stack's).
 */
public enum TlsProvider {
    /** The JDK's own TLS (SunJSSE), as every component uses by default. */
    JDK(SslProvider.JDK, "jdk"),
    /** BoringSSL: netty-tcnative for the Netty clients, Conscrypt for the servers. */
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
     * shipped for linux-x86_64 (Conscrypt's for a few platforms more) and fails to load elsewhere
     * (or without a compatible libc).
     */
    public TlsProvider requireAvailable() {
        if (this == OPENSSL && !OpenSsl.isAvailable()) {
            Throwable cause = OpenSsl.unavailabilityCause();
            throw new IllegalStateException("the openssl TLS implementation (netty-tcnative BoringSSL, linux-x86_64 "
                    + "only) cannot load: " + (cause == null ? "unknown reason" : cause.toString()));
        }
        if (this == OPENSSL && BoringSslProvider.get().isEmpty()) {
            throw new IllegalStateException("the openssl TLS implementation's server side (Conscrypt BoringSSL) "
                    + "cannot load its native library on this platform");
        }
        return this;
    }

    /** The server side's name, as a bench report prints it. */
    public String serverName() {
        return this == OPENSSL ? "Conscrypt (BoringSSL)" : "JDK";
    }

    /**
     * A new, uninitialised server SSLContext of this stack, for the caller to init with its key and
     * trust managers. Conscrypt is used as an object, not registered JVM-wide: a provider in the
     * global list would change what every other getInstance picks (shared/PERFORMANCE.md, "Traps").
     * Conscrypt's BoringSSL (2021) knows no hybrid post-quantum group, and the clients offer only
     * {@link #KEY_EXCHANGE_GROUP}, so its handshakes use that group as the JDK server's do.
     */
    public SSLContext newServerContext() throws NoSuchAlgorithmException {
        requireAvailable();
        return this == OPENSSL ? SSLContext.getInstance("TLS", BoringSslProvider.get().orElseThrow())
                : SSLContext.getInstance("TLS");
    }

    /**
     * {@code key} as this stack's server signs with it: the JDK's TLS sends no certificate for a
     * key of another provider (BouncyCastle's, as PEM decoding yields), and Conscrypt re-parses any
     * key not its own at every handshake.
     */
    public PrivateKey serverKey(PrivateKey key) {
        return this == OPENSSL ? BoringSslProvider.ownKey(key) : ClientKeyManager.jdkKey(key);
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
}
