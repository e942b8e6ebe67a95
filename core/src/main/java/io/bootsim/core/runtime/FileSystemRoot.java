package io.bootsim.core.runtime;

import java.nio.file.Path;

/**
 * Where the component's file system starts. A real kube-apiserver reads /etc/kubernetes/...; in a
 * scenario each component (each simulated kubelet too) has its own root directory, so absolute
 * paths from flags and config files resolve under it.
 */
public record FileSystemRoot(Path root) {

    public static final FileSystemRoot HOST = new FileSystemRoot(Path.of("/"));

    /** The file a flag names; relative paths stay relative to the working directory, as upstream. */
    public Path resolve(String flagValue) {
        Path p = Path.of(flagValue);
        return p.isAbsolute() ? root.resolve(root.getRoot().relativize(p)) : p;
    }
}
