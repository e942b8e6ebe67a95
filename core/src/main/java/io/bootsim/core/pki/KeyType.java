package io.bootsim.core.pki;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The private-key kinds bootsim generates, named as on the command line ("rsa2048", "ecdsa-p256"). */
public enum KeyType {
    RSA_2048("rsa2048", "RSA", 2048),
    RSA_3072("rsa3072", "RSA", 3072),
    RSA_4096("rsa4096", "RSA", 4096),
    ECDSA_P256("ecdsa-p256", "EC", 256),
    ECDSA_P384("ecdsa-p384", "EC", 384);

    private final String flagName;
    private final String algorithm;
    private final int bits;

    KeyType(String flagName, String algorithm, int bits) {
        this.flagName = flagName;
        this.algorithm = algorithm;
        this.bits = bits;
    }

    /** "rsa2048", "ecdsa-p256", ... */
    public String flagName() {
        return flagName;
    }

    /** The JCA algorithm name: "RSA" or "EC". */
    public String algorithm() {
        return algorithm;
    }

    /** Modulus size for RSA, field size for ECDSA. */
    public int bits() {
        return bits;
    }

    public boolean isEcdsa() {
        return algorithm.equals("EC");
    }

    /** The curve name for ECDSA ("P-256"), empty for RSA. */
    String curve() {
        return isEcdsa() ? "P-" + bits : "";
    }

    /** Parses a flag value such as "ecdsa-p256" (case-insensitive), naming the valid values if it is none. */
    public static KeyType parse(String name) {
        String lower = name.trim().toLowerCase(Locale.ROOT);
        for (KeyType t : values()) {
            if (t.flagName.equals(lower)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown key type \"" + name + "\": valid values are "
                + Arrays.stream(values()).map(KeyType::flagName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return flagName;
    }
}
