package io.bootsim.apiserver.server;

import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import org.eclipse.jetty.alpn.server.ALPNServerConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.ALPNProcessor;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;

import javax.net.ssl.SSLEngine;
import java.util.List;

/**
 * ALPN for Jetty on netty-tcnative's engines ({@code --tls openssl}). Jetty's processors choose the protocol
 * in a callback of the engine's handshake, which these engines do not offer: BoringSSL has already chosen,
 * by the server's order (h2, then http/1.1), when the handshake ends, and this tells Jetty which. No
 * protocol means a client that offered none: Jetty's default, http/1.1. Registered for Jetty's service
 * loader in META-INF/services.
 */
public final class NativeEngineAlpn implements ALPNProcessor.Server {

    @Override
    public boolean appliesTo(SSLEngine engine) {
        return engine instanceof ReferenceCountedOpenSslEngine;
    }

    @Override
    public void configure(SSLEngine engine, Connection connection) {
        ALPNServerConnection alpn = (ALPNServerConnection) connection;
        SslConnection tls = ((SslConnection.SslEndPoint) alpn.getEndPoint()).getSslConnection();
        tls.addHandshakeListener(new SslHandshakeListener() {
            @Override
            public void handshakeSucceeded(Event event) {
                String negotiated = engine.getApplicationProtocol();
                alpn.select(negotiated == null || negotiated.isEmpty() ? List.of() : List.of(negotiated));
            }
        });
    }
}
