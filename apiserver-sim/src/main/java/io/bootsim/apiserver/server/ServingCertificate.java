package io.bootsim.apiserver.server;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/** The certificate chain and key the secure port presents (--tls-cert-file, --tls-private-key-file). */
public record ServingCertificate(List<X509Certificate> chain, PrivateKey key) {

    public ServingCertificate {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a serving certificate chain needs at least one certificate");
        }
        chain = List.copyOf(chain);
    }
}
