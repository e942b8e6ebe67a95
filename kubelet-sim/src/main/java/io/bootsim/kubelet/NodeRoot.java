package io.bootsim.kubelet;

import io.bootsim.core.runtime.FileSystemRoot;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where one simulated kubelet's host file system begins. Many kubelets share one process, so each
 * gets its own root and every absolute path from its flags and configuration ({@code
 * /var/lib/kubelet/pki}) is taken under it. State the kubelet writes (kubeconfig, cert-dir) always
 * lives under the root; inputs an operator provides (bootstrap kubeconfig, --config, CA and TLS
 * files) are read under the root when present there and otherwise from the shared path, so that N
 * kubelets can share one bootstrap.kubeconfig. The host root ({@link #host()}) changes nothing.
 */
public record NodeRoot(Path root) {

    public static NodeRoot host() {
        return new NodeRoot(null);
    }

    public static NodeRoot at(Path root) {
        return new NodeRoot(root.toAbsolutePath());
    }

    /** A path the kubelet owns and writes: always under the root. Empty stays empty. */
    public Path state(String path) {
        return root == null ? Path.of(path) : new FileSystemRoot(root).resolve(path);
    }

    /** A file given to the kubelet: the node's own copy if it has one, else the shared one. */
    public Path input(String path) {
        Path mine = state(path);
        return Files.exists(mine) ? mine : Path.of(path);
    }
}
