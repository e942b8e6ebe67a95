package io.bootsim.diagnose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A copy of (part of) one machine's file system: absolute paths in its configuration resolve
 * under {@code dir}, including absolute symlink targets (kubelet-client-current.pem points at
 * /var/lib/kubelet/pki/kubelet-client-DATE.pem on the machine, not on this one).
 */
public record HostRoot(String name, Path dir) {

    private static final int MAX_LINKS = 40; // as Linux's MAXSYMLINKS

    /** The file as this root holds it, symlinks followed inside the root. */
    public Path resolve(String hostPath) {
        Path p = under(hostPath);
        for (int i = 0; i < MAX_LINKS && Files.isSymbolicLink(p); i++) {
            try {
                Path target = Files.readSymbolicLink(p);
                p = target.isAbsolute() ? under(target.toString()) : p.resolveSibling(target).normalize();
            } catch (IOException e) {
                return p;
            }
        }
        return p;
    }

    public boolean exists(String hostPath) {
        return Files.exists(resolve(hostPath), LinkOption.NOFOLLOW_LINKS);
    }

    /** The text of a file, or empty when it is missing. */
    public Optional<String> read(String hostPath) throws IOException {
        Path p = resolve(hostPath);
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        return Optional.of(Files.readString(p));
    }

    /** How findings name a file: the host path, prefixed by the root's name when there are several roots. */
    public String display(String hostPath, boolean severalRoots) {
        return severalRoots ? name + ":" + hostPath : hostPath;
    }

    private Path under(String hostPath) {
        String relative = hostPath.startsWith("/") ? hostPath.substring(1) : hostPath;
        return dir.resolve(relative).normalize();
    }
}
