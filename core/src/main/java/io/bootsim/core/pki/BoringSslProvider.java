package io.bootsim.core.pki;

import org.conscrypt.Conscrypt;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Optional;

/**
 * Conscrypt's JCA provider (BoringSSL), one per JVM, made on first use so that a JVM that never needs it
 * never loads the native library; empty where that library does not load. Used as an object, never
 * registered JVM-wide: a provider in the global list changes what every other getInstance picks
 * (shared/PERFORMANCE.md, "Traps").
 */
public final class BoringSslProvider {

    private BoringSslProvider() {
    }

    private static final class Holder {
        static final Provider PROVIDER = Conscrypt.isAvailable() ? Conscrypt.newProvider() : null;
    }

    public static Optional<Provider> get() {
        return Optional.ofNullable(Holder.PROVIDER);
    }

    /**
     * {@code key} as BoringSSL holds it. Conscrypt signs with its own keys as they are, and parses
     * any other key's PKCS#8 encoding anew at every use: for an RSA key that is 0.3-0.6 ms, as much
     * as the signature. Keys that sign again and again (a server's, a CA's) are converted once.
     */
    public static PrivateKey ownKey(PrivateKey key) {
        String algorithm = key.getAlgorithm().equals("ECDSA") ? "EC" : key.getAlgorithm();
        try {
            return KeyFactory.getInstance(algorithm, get().orElseThrow())
                    .generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("BoringSSL cannot use a key of type " + key.getAlgorithm(), e);
        }
    }
}
