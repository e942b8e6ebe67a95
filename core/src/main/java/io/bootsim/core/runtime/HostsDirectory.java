package io.bootsim.core.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where simulated hosts' file systems are made: in memory (/dev/shm) where the machine has it, since a
 * kubelet's bootstrap writes and deletes directories, kubeconfigs, keys and certificates, which on a
 * busy disk took as long as a whole scenario run (and at 1,000 bench nodes a tenth of the kubelets' CPU
 * went to mkdir alone); elsewhere the JVM's temporary directory.
 */
public final class HostsDirectory {

    private static final Path ROOT = root();

    private HostsDirectory() {
    }

    /** A new, empty directory whose name starts with {@code prefix}; the caller deletes it. */
    public static Path create(String prefix) throws IOException {
        return Files.createTempDirectory(ROOT, prefix);
    }

    /** Removes {@code dir} and everything under it, deepest first. */
    public static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static Path root() {
        Path memory = Path.of("/dev/shm");
        return Files.isDirectory(memory) && Files.isWritable(memory) ? memory : Path.of(System.getProperty("java.io.tmpdir"));
    }
}
