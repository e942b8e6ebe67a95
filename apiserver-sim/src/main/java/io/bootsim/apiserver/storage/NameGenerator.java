package io.bootsim.apiserver.storage;

import java.security.SecureRandom;

/**
 * metadata.generateName: the prefix, cut to 58 characters, plus five random characters from an
 * alphabet without vowels (so no words appear) and without confusable digits
 * (upstream: staging/src/k8s.io/apiserver/pkg/storage/names/generate.go, util/rand).
 */
final class NameGenerator {

    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final int RANDOM_LENGTH = 5;
    private static final int MAX_PREFIX = 63 - RANDOM_LENGTH;

    private final SecureRandom random;

    NameGenerator(SecureRandom random) {
        this.random = random;
    }

    String generate(String base) {
        StringBuilder name = new StringBuilder(base.length() > MAX_PREFIX ? base.substring(0, MAX_PREFIX) : base);
        for (int i = 0; i < RANDOM_LENGTH; i++) {
            name.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return name.toString();
    }
}
