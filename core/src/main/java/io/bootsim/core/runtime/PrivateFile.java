package io.bootsim.core.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A file only its owner may read (mode 0600), as the kubelet writes kubeconfigs, keys and
 * certificates: written beside its place and moved there atomically, so that a reader never sees
 * half of it, with missing parent directories made first.
 */
public final class PrivateFile {

    private PrivateFile() {
    }

    public static void write(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        // Files.createDirectories on an existing directory fails a mkdir and throws inside; a kubelet
        // writes most of its files into directories that are there already
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
        }
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
        Files.write(tmp, text.getBytes(StandardCharsets.UTF_8));
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the platform's default mode
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
