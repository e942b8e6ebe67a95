package io.bootsim.core.http;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.List;

/**
 * Offers the one client certificate of an identity whatever CA names the server's CertificateRequest
 * lists: client-go installs a GetClientCertificate callback that always answers with the configured
 * certificate (k8s.io/client-go transport/transport.go), so a kubelet whose certificate comes from
 * the wrong CA still sends it and gets a 401 from the x509 authenticator. Holding the key
 * directly also spares each kubelet the PKCS#12 key store a KeyManagerFactory would build.
 */
public final class ClientKeyManager extends X509ExtendedKeyManager {

    private static final String ALIAS = "client";
    private final X509Certificate[] chain;
    private final PrivateKey key;

    public ClientKeyManager(List<X509Certificate> chain, PrivateKey key) {
        this.chain = chain.toArray(X509Certificate[]::new);
        this.key = jdkKey(key);
    }

    /**
     * The JDK's TLS stack signs only with keys of JDK providers and silently sends no certificate
     * for a BouncyCastle key (as PEM decoding yields): re-encode the key as a JDK one.
     */
    static PrivateKey jdkKey(PrivateKey key) {
        String algorithm = key.getAlgorithm().equals("ECDSA") ? "EC" : key.getAlgorithm();
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("key of type " + key.getAlgorithm() + " cannot be used for TLS", e);
        }
    }

    private String choose(String[] keyTypes, Principal[] issuers) {
        String algorithm = key.getAlgorithm();
        if (keyTypes != null
                && Arrays.stream(keyTypes).noneMatch(t -> t.equals(algorithm) || t.startsWith(algorithm + "_"))) {
            return null;
        }
        return ALIAS;
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
