package io.bootsim.core.pki;

import org.conscrypt.Conscrypt;

import java.security.Provider;
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
}
