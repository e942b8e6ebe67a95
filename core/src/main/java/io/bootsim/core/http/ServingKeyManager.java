package io.bootsim.core.http;

import io.bootsim.core.pki.CertificateAndKey;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A TLS server's certificate, looked up at every handshake as Go's tls.Config.GetCertificate does:
 * the kubelet serves whatever pair its certificate manager holds now (none yet means no alias and a
 * failed handshake). Holding the key directly also spares a server the PKCS#12 key store, and its
 * 10,000-round key derivation, that a KeyManagerFactory would build on every start.
 */
public final class ServingKeyManager extends X509ExtendedKeyManager {

    private static final String ALIAS = "serving";
    private final Supplier<Optional<CertificateAndKey>> current;

    public ServingKeyManager(Supplier<Optional<CertificateAndKey>> current) {
        this.current = current;
    }

    /**
     * Always the same pair, as kube-apiserver's --tls-cert-file and --tls-private-key-file, its key
     * converted once for the JDK's TLS, which sends no certificate for a key of another provider
     * (BouncyCastle's, as PEM decoding yields).
     */
    public static ServingKeyManager of(List<X509Certificate> chain, PrivateKey key) {
        Optional<CertificateAndKey> pair = Optional.of(new CertificateAndKey(chain, ClientKeyManager.jdkKey(key)));
        return new ServingKeyManager(() -> pair);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return current.get().filter(p -> matches(p.privateKey().getAlgorithm(), keyType)).map(p -> ALIAS).orElse(null);
    }

    // the JDK asks for "EC" or "EC_EC" / "RSA" / "RSASSA-PSS"; a key says "EC", "ECDSA" or "RSA"
    private static boolean matches(String keyAlgorithm, String keyType) {
        return keyAlgorithm.equals(keyType) || (keyType.startsWith("EC") && keyAlgorithm.startsWith("EC"));
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return chooseEngineServerAlias(keyType, issuers, null);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return current.get().map(p -> p.certificates().toArray(X509Certificate[]::new)).orElse(null);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return current.get().map(CertificateAndKey::privateKey).orElse(null);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return new String[] {ALIAS};
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
