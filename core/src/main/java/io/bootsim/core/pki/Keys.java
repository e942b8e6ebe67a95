package io.bootsim.core.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;

/** Key generation. Every bit comes from the given random, so a seeded stream gives the same key every run. */
public final class Keys {

    private Keys() {
    }

    /**
     * A new key pair of {@code type}. ECDSA keys are made by BouncyCastle (about 10x faster than
     * SunEC on Java 17), RSA keys by the JDK so that JDK signing and TLS use them untranslated.
     */
    public static KeyPair generate(KeyType type, SecureRandom random) {
        try {
            KeyPairGenerator generator;
            if (type.isEcdsa()) {
                generator = KeyPairGenerator.getInstance("EC", Providers.BC);
                generator.initialize(new ECGenParameterSpec(type.curve()), random);
            } else {
                generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(new RSAKeyGenParameterSpec(type.bits(), RSAKeyGenParameterSpec.F4), random);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK and BouncyCastle generate " + type + " keys", e);
        }
    }
}
