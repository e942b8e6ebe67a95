package io.bootsim.core.http;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

/**
 * Offers the one client certificate of an identity, as Go's tls.Config.Certificates does: only if
 * the server's CertificateRequest lists no CAs or lists the certificate's issuer (Go 1.14+
 * CertificateRequestInfo.SupportsCertificate); otherwise no certificate is sent. Holding the key
 * directly also spares each kubelet the PKCS#12 key store a KeyManagerFactory would build.
 */
final class ClientKeyManager extends X509ExtendedKeyManager {

    private static final String ALIAS = "client";
    private final X509Certificate[] chain;
    private final PrivateKey key;

    ClientKeyManager(List<X509Certificate> chain, PrivateKey key) {
        this.chain = chain.toArray(X509Certificate[]::new);
        this.key = key;
    }

    private String choose(String[] keyTypes, Principal[] issuers) {
        String algorithm = key.getAlgorithm().equals("ECDSA") ? "EC" : key.getAlgorithm();
        if (keyTypes != null && Arrays.stream(keyTypes).noneMatch(t -> t.equals(algorithm) || t.startsWith(algorithm + "_"))) {
            return null;
        }
        if (issuers == null || issuers.length == 0) {
            return ALIAS;
        }
        for (X509Certificate cert : chain) {
            for (Principal issuer : issuers) {
                if (cert.getIssuerX500Principal().equals(issuer)) {
                    return ALIAS;
                }
            }
        }
        return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return choose(keyTypes, issuers);
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return choose(keyTypes, issuers);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        String alias = choose(new String[] {keyType}, issuers);
        return alias == null ? null : new String[] {alias};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? key : null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
