package io.bootsim.core.http;

import io.netty.handler.ssl.SslContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
