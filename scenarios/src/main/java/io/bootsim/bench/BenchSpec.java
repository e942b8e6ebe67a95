package io.bootsim.bench;

import io.bootsim.core.http.TlsProvider;
import io.bootsim.core.pki.KeyType;
import io.bootsim.core.version.KubeVersion;

/**
 * One bench run: how many kubelets bootstrap at once, the cluster CA's key type (the apiserver's
 * serving key and the controller-manager's signing key are of that type), the emulated release,
 * whether the components' client-side rate limits are upstream's defaults or lifted, and the TLS
 * stack of the components' clients (the apiserver's Jetty always serves with the JDK's).
 */
public record BenchSpec(int nodes, KeyType ca, KubeVersion version, boolean throttled, TlsProvider tls) {

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
        return new BenchSpec(n, ca, version, throttled, tls);
    }

    /** Whether a node counts as Ready only once its Lease exists: releases with node leases (1.14+). */
    public boolean leases() {
        return version.atLeast(1, 14);
    }
}
