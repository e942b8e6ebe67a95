package io.bootsim.core.http;

import javax.net.ssl.X509TrustManager;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A trust manager that counts the peer chains it accepted. A TLS stack checks the chain at each
 * full handshake and not at a resumed one, so the count proves handshakes were full
 * (shared/PERFORMANCE.md, "Traps").
 */
public final class CountingTrustManager implements X509TrustManager {

    private final X509TrustManager trust;
    private final AtomicInteger accepted;

    public CountingTrustManager(X509TrustManager trust, AtomicInteger accepted) {
        this.trust = trust;
        this.accepted = accepted;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        trust.checkClientTrusted(chain, authType);
        accepted.incrementAndGet();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        trust.checkServerTrusted(chain, authType);
        accepted.incrementAndGet();
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return trust.getAcceptedIssuers();
    }
}
