package io.bootsim.core.http;

import javax.net.ssl.X509TrustManager;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Go's tls.RequestClientCert with ClientCAs: the handshake names the client CAs (so clients can
 * pick a certificate) but accepts whatever certificate comes, leaving the verdict to the x509
 * authenticator, which answers 401 for a bad one. kube-apiserver's secure port and the kubelet's API
 * both serve this way, so the certificate is judged at the component's clock, not at the machine's.
 */
// upstream: staging/src/k8s.io/apiserver/pkg/server/secure_serving.go, cmd/kubelet/app/server.go InitializeTLS (tls.RequestClientCert)
public final class RequestClientCertificate implements X509TrustManager {

    private final X509Certificate[] clientCAs;

    public RequestClientCertificate(List<X509Certificate> clientCAs) {
        this.clientCAs = clientCAs.toArray(new X509Certificate[0]);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
        // Accepted here on purpose: authentication verifies it with the injected clock.
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
        throw new UnsupportedOperationException("a serving endpoint never acts as a TLS client");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return clientCAs.clone();
    }
}
