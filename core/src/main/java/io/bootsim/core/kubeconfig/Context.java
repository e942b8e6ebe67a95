package io.bootsim.core.kubeconfig;

import static io.bootsim.core.kubeconfig.Cluster.nullToEmpty;

/** A kubeconfig context: which cluster, which user, which namespace. */
public record Context(String cluster, String user, String namespace) {

    public Context {
        cluster = nullToEmpty(cluster);
        user = nullToEmpty(user);
        namespace = nullToEmpty(namespace);
    }

    public Context(String cluster, String user) {
        this(cluster, user, "");
    }
}
