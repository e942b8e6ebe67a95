package io.bootsim.core.http;

import io.bootsim.core.time.Clock;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

import javax.net.ssl.SSLException;

/**
 * Which TLS implementation clients use. The one place a client SslContext is built, so that
 * netty-tcnative (BoringSSL, 2-3x more handshakes per second, shared/PERFORMANCE.md) can be
 * offered behind a flag without touching the client.
 */
public enum TlsProvider {
    JDK(SslProvider.JDK);

    private final SslProvider netty;

    TlsProvider(SslProvider netty) {
        this.netty = netty;
    }

    /**
     * A client context for {@code identity}: its CA checked by Go's rules at {@code clock}'s time,
     * its client certificate offered, HTTP/1.1 only (no ALPN, so no server can pick h2).
     */
    SslContext clientContext(ClientIdentity identity, Clock clock, GoErrorTexts texts) throws SSLException {
        SslContextBuilder builder = SslContextBuilder.forClient()
                .sslProvider(netty)
                .protocols("TLSv1.3", "TLSv1.2")
                // Netty 4.2 verifies host names by default; ServerCertificateVerifier does it with Go's texts.
                .endpointIdentificationAlgorithm(null);
        builder.trustManager(identity.insecureSkipTlsVerify()
                ? InsecureTrustManagerFactory.INSTANCE.getTrustManagers()[0]
                : new ServerCertificateVerifier(identity.trustedCas(), identity.verifiedName(), clock, texts));
        if (!identity.clientCertificates().isEmpty()) {
            builder.keyManager(new ClientKeyManager(identity.clientCertificates(), identity.clientKey()));
        }
        return builder.build();
    }
}
