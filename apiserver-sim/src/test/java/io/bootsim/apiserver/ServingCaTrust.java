package io.bootsim.apiserver;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;

/** A JDK TLS context that trusts the root of a kube-apiserver's serving chain, as a client with its --certificate-authority. */
public final class ServingCaTrust {

    private ServingCaTrust() {
    }

    public static SSLContext of(KubeApiServer server) throws Exception {
        var chain = server.config().serving().chain();
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers(chain), null);
        return context;
    }

    public static TrustManager[] trustManagers(List<X509Certificate> servingChain) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("serving-ca", servingChain.get(servingChain.size() - 1));
        TrustManagerFactory tm = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tm.init(trusted);
        return tm.getTrustManagers();
    }
}
