package io.bootsim.core.kubeconfig;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A kubeconfig file (clientcmd api Config): named clusters, users and contexts and the current
 * context. Names are map keys, as in client-go, so they are unique and written sorted.
 * {@code origin} is the file it was loaded from (null when built in memory): relative paths in
 * it resolve against that file's directory.
 */
public record Kubeconfig(SortedMap<String, Cluster> clusters, SortedMap<String, AuthInfo> users,
                         SortedMap<String, Context> contexts, String currentContext, Path origin) {

    public Kubeconfig {
        clusters = Collections.unmodifiableSortedMap(new TreeMap<>(clusters));
        users = Collections.unmodifiableSortedMap(new TreeMap<>(users));
        contexts = Collections.unmodifiableSortedMap(new TreeMap<>(contexts));
        currentContext = Cluster.nullToEmpty(currentContext);
    }

    /** What kubectl starts from when the file does not exist yet. */
    public static Kubeconfig empty() {
        return new Kubeconfig(new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), "", null);
    }

    public Optional<Cluster> cluster(String name) {
        return Optional.ofNullable(clusters.get(name));
    }

    public Optional<AuthInfo> user(String name) {
        return Optional.ofNullable(users.get(name));
    }

    public Optional<Context> context(String name) {
        return Optional.ofNullable(contexts.get(name));
    }

    /** {@code kubectl config set-cluster}: adds or replaces. */
    public Kubeconfig withCluster(String name, Cluster cluster) {
        return new Kubeconfig(put(clusters, name, cluster), users, contexts, currentContext, origin);
    }

    /** {@code kubectl config set-credentials}: adds or replaces. */
    public Kubeconfig withUser(String name, AuthInfo user) {
        return new Kubeconfig(clusters, put(users, name, user), contexts, currentContext, origin);
    }

    /** {@code kubectl config set-context}: adds or replaces. */
    public Kubeconfig withContext(String name, Context context) {
        return new Kubeconfig(clusters, users, put(contexts, name, context), currentContext, origin);
    }

    /** {@code kubectl config use-context}. */
    public Kubeconfig withCurrentContext(String name) {
        return new Kubeconfig(clusters, users, contexts, name, origin);
    }

    /** The same content, resolving relative paths against {@code file}'s directory. */
    public Kubeconfig withOrigin(Path file) {
        return new Kubeconfig(clusters, users, contexts, currentContext, file);
    }

    /**
     * A path from this file made absolute the way clientcmd's loader does (ResolveLocalPaths):
     * relative to the directory of the kubeconfig; empty stays empty.
     */
    // upstream: staging/src/k8s.io/client-go/tools/clientcmd/loader.go ResolveLocalPaths
    public String resolvePath(String path) {
        if (path.isEmpty() || Path.of(path).isAbsolute()) {
            return path;
        }
        Path base = origin == null ? Path.of("") : origin.toAbsolutePath().getParent();
        return base.resolve(path).toAbsolutePath().normalize().toString();
    }

    private static <V> SortedMap<String, V> put(Map<String, V> map, String key, V value) {
        TreeMap<String, V> copy = new TreeMap<>(map);
        copy.put(key, value);
        return copy;
    }
}
