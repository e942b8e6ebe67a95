package io.bootsim.bench;

import io.bootsim.core.http.TlsProvider;
import io.bootsim.core.pki.KeyType;
import io.bootsim.core.version.KubeVersion;

/**
 * One bench run: how many kubelets bootstrap at once, the cluster CA's key type (the apiserver's
 * serving key and the controller-manager's signing key are of that type), the emulated release,
 * whether the components' client-side rate limits are upstream's defaults or lifted, the TLS
 * stack of every component (clients and the apiserver's Jetty, the kubelets' child JVM too), and whether the
 * kubelets run in a child JVM ({@code bootsim kubelet --sim-nodes=N}) instead of this one.
 */
public record BenchSpec(int nodes, KeyType ca, KubeVersion version, boolean throttled, TlsProvider tls,
                        boolean kubeletProcess) {

    /**
     * Open files a kubelet costs in one JVM with the control plane: three for the whole run (its
     * kubelet-API listener, both ends of its connection to the apiserver), and two more while it bootstraps
     * (its bootstrap connection, closed once the new one is up, or a retried handshake), which not all do
     * at once: 3,000 kubelets in one JVM peaked at 9,637 open files with BoringSSL and 9,448 with the JDK's
     * TLS, 3.2 each.
     */
    public static final double FILES_PER_NODE = 3.5;

    /** Open files of the JVM and the control plane before any kubelet starts, with room to spare. */
    public static final int FILES_BASE = 500;

    public BenchSpec(int nodes, KeyType ca, KubeVersion version, boolean throttled, TlsProvider tls) {
        this(nodes, ca, version, throttled, tls, false);
    }

    public BenchSpec {
        if (nodes < 1) {
            throw new IllegalArgumentException("--nodes must be at least 1, got " + nodes);
        }
        if (ca != KeyType.RSA_2048 && ca != KeyType.ECDSA_P256) {
            throw new IllegalArgumentException("--ca must be rsa2048 or ecdsa-p256, got " + ca);
        }
    }

    /** The same run with {@code n} nodes (a warm-up). */
    public BenchSpec withNodes(int n) {
        return new BenchSpec(n, ca, version, throttled, tls, kubeletProcess);
    }

    /** Whether {@code nodes} kubelets fit beside the control plane in one process with {@code maxFiles} open files. */
    public static boolean fitsOneProcess(int nodes, long maxFiles) {
        return filesNeeded(nodes) <= maxFiles;
    }

    /** Open files {@code nodes} kubelets and the control plane need in one JVM. */
    public static long filesNeeded(int nodes) {
        return (long) Math.ceil(nodes * FILES_PER_NODE) + FILES_BASE;
    }

    /** Whether a node counts as Ready only once its Lease exists: releases with node leases (1.14+). */
    public boolean leases() {
        return version.atLeast(1, 14);
    }
}
