package io.bootsim.core.random;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import java.util.HashMap;
import java.util.Map;

/**
 * Randomness handed to components, split into independent named streams. Seeded, every stream is
 * a function of (seed, name) alone, so adding a kubelet named "node-7" does not change a single
 * draw of "kube-controller-manager". Unseeded (live mode), every stream is a real SecureRandom.
 */
public final class RandomStreams {

    private final Long seed;
    private final String prefix;
    private final Map<String, SecureRandom> streams;

    private RandomStreams(Long seed, String prefix, Map<String, SecureRandom> streams) {
        this.seed = seed;
        this.prefix = prefix;
        this.streams = streams;
    }

    public static RandomStreams seeded(long seed) {
        return new RandomStreams(seed, "", new HashMap<>());
    }

    /** Real entropy for live mode; the one place bootsim creates a SecureRandom of its own. */
    public static RandomStreams secure() {
        return new RandomStreams(null, "", new HashMap<>());
    }

    public boolean isDeterministic() {
        return seed != null;
    }

    /** The stream of that name; the same object on every call, so draws never repeat. */
    public SecureRandom stream(String name) {
        String full = prefix + name;
        synchronized (streams) {
            return streams.computeIfAbsent(full, n -> seed == null ? new SecureRandom() : new Deterministic(seed, n));
        }
    }

    /** A namespace for one component: {@code child("kubelet/node-0").stream("key")}. */
    public RandomStreams child(String name) {
        return new RandomStreams(seed, prefix + name + "/", streams);
    }

    /** Lower-case hex of {@code bytes} random bytes from the named stream. */
    public String hex(String name, int bytes) {
        byte[] b = new byte[bytes];
        stream(name).nextBytes(b);
        return java.util.HexFormat.of().formatHex(b);
    }

    /**
     * How far a seeded stream has drawn: two streams at equal positions give the same draws from
     * here on. Lets a pure function of the stream (a key generation) be computed once per JVM and
     * replayed: same result, and the stream left exactly where the computation would leave it.
     */
    public record Position(long seed, String name, long counter, int used) {
    }

    /** The position of {@code stream} if it is a seeded stream of this class; empty for real entropy. */
    public static java.util.Optional<Position> position(SecureRandom stream) {
        return stream instanceof Deterministic d ? java.util.Optional.of(d.spi.position())
                : java.util.Optional.empty();
    }

    /** Moves the seeded stream {@code stream} to {@code position}, a position of the same stream. */
    public static void seek(SecureRandom stream, Position position) {
        if (!(stream instanceof Deterministic d)) {
            throw new IllegalArgumentException("not a seeded stream: " + stream.getAlgorithm());
        }
        d.spi.seek(position);
    }

    /** A hash-based generator: SHA-256 over (seed, name, counter), 32 bytes per block. */
    private static final class Deterministic extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final transient Spi spi;

        Deterministic(long seed, String name) {
            this(new Spi(seed, name));
        }

        private Deterministic(Spi spi) {
            super(spi, null);
            this.spi = spi;
        }

        @Override
        public String getAlgorithm() {
            return "bootsim-seeded-SHA256";
        }
    }

    private static final class Spi extends SecureRandomSpi {
        private static final long serialVersionUID = 1L;
        private final long seed;
        private final String name;
        private final byte[] prefix;
        private long counter;
        private final byte[] block = new byte[32];
        private int used = block.length;

        Spi(long seed, String name) {
            this.seed = seed;
            this.name = name;
            byte[] n = name.getBytes(StandardCharsets.UTF_8);
            prefix = new byte[8 + n.length];
            for (int i = 0; i < 8; i++) {
                prefix[i] = (byte) (seed >>> (56 - 8 * i));
            }
            System.arraycopy(n, 0, prefix, 8, n.length);
        }

        @Override
        protected void engineSetSeed(byte[] seed) {
            // Ignored on purpose: libraries that "add entropy" must not break determinism.
        }

        @Override
        protected synchronized void engineNextBytes(byte[] bytes) {
            for (int i = 0; i < bytes.length; i++) {
                if (used == block.length) {
                    refill();
                }
                bytes[i] = block[used++];
            }
        }

        @Override
        protected byte[] engineGenerateSeed(int numBytes) {
            byte[] b = new byte[numBytes];
            engineNextBytes(b);
            return b;
        }

        synchronized Position position() {
            return new Position(seed, name, counter, used);
        }

        synchronized void seek(Position p) {
            if (p.seed() != seed || !p.name().equals(name)) {
                throw new IllegalArgumentException("position of stream " + p.name() + ", not of " + name);
            }
            if (p.used() < block.length) {
                counter = p.counter() - 1; // the block in use is the one made with counter - 1
                refill();
            }
            counter = p.counter();
            used = p.used();
        }

        private void refill() {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                sha.update(prefix);
                long c = counter++;
                for (int i = 0; i < 8; i++) {
                    sha.update((byte) (c >>> (56 - 8 * i)));
                }
                sha.digest(block, 0, block.length);
                used = 0;
            } catch (NoSuchAlgorithmException | java.security.DigestException e) {
                throw new IllegalStateException("SHA-256 is part of every JDK", e);
            }
        }
    }
}
