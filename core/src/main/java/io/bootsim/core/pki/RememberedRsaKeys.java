package io.bootsim.core.pki;

import io.bootsim.core.random.RandomStreams;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.util.HexFormat;
import java.util.Optional;

/**
 * RSA keys made from seeded streams, kept on disk between runs as the launcher keeps its class-data
 * archive. Such a key is a pure function of its size, the stream's position and the JDK's generator,
 * so the key an earlier run of the same JDK made from a position is the one this run would make; a
 * cold JVM takes 0.5-2 s per RSA-2048 key, and the bundled suite starts with a chain of three.
 * Only the launcher turns it on ({@value #DIRECTORY_PROPERTY}); tests and embedders make every key.
 * A file that cannot be read is ignored and made again: it is a cache, never an input.
 */
final class RememberedRsaKeys {

    static final String DIRECTORY_PROPERTY = "bootsim.rsaKeyDirectory";

    /** What a key file holds besides the key: where generating it left the stream. */
    record Remembered(PrivateKey key, RandomStreams.Position to) {
    }

    private final Path directory;

    RememberedRsaKeys(Path directory) {
        this.directory = directory;
    }

    /** The store the JVM was started with, if any. */
    static Optional<RememberedRsaKeys> configured() {
        String dir = System.getProperty(DIRECTORY_PROPERTY, "");
        return dir.isEmpty() ? Optional.empty() : Optional.of(new RememberedRsaKeys(Path.of(dir)));
    }

    /** The key made earlier from {@code from}, if a readable file has it. */
    Optional<Remembered> read(KeyType type, RandomStreams.Position from) {
        Path file = file(type, from);
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII);
            int newline = text.indexOf('\n');
            String[] to = text.substring(0, newline).split(" ");
            if (to.length != 3 || !to[0].equals("to")) {
                return Optional.empty();
            }
            PrivateKey key = Pem.privateKey(text.substring(newline + 1).getBytes(StandardCharsets.US_ASCII), file.toString());
            return Optional.of(new Remembered(key, new RandomStreams.Position(from.seed(), from.name(),
                    Long.parseLong(to[1]), Integer.parseInt(to[2]))));
        } catch (IOException | PemException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /** Keeps a key made from {@code from}; written aside and moved into place, so no reader sees half a file. */
    void write(KeyType type, RandomStreams.Position from, PrivateKey key, RandomStreams.Position to) {
        Path file = file(type, from);
        try {
            Files.createDirectories(directory);
            Path partial = Files.createTempFile(directory, file.getFileName().toString(), ".partial");
            Files.writeString(partial, "to " + to.counter() + " " + to.used() + "\n" + Pem.encodePrivateKey(key),
                    StandardCharsets.US_ASCII);
            try {
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException notKept) {
            // a run that cannot keep its keys makes them again next time; nothing else depends on it
        }
    }

    /** Named by everything the key depends on, the JDK included: another JDK's generator may draw differently. */
    private Path file(KeyType type, RandomStreams.Position from) {
        String identity = String.join("\n", System.getProperty("java.vendor"), System.getProperty("java.version"),
                type.name(), Long.toString(from.seed()), from.name(), Long.toString(from.counter()),
                Integer.toString(from.used()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return directory.resolve(HexFormat.of().formatHex(digest, 0, 16) + ".pem");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
