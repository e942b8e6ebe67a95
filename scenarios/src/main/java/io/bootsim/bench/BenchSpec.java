package io.bootsim.bench;

import io.bootsim.core.pki.KeyType;
import io.bootsim.core.version.KubeVersion;

/**
 * One bench run: how many kubelets bootstrap at once, the cluster CA's key type (the apiserver's
 * serving key and the controller-manager's signing key are of that type), the emulated release,
 * and whether the components' client-side rate limits are upstream's defaults or lifted.
 */
public record BenchSpec(int nodes, KeyType ca, KubeVersion version, boolean throttled) {

    public BenchSpec {
        if (nodes < 1) {
            throw new IllegalArgumentException("--nodes must be at least 1, got " + nodes);
        }
        if (ca != KeyType.RSA_2048 && ca != KeyType.ECDSA_P256) {
            throw new IllegalArgumentException("--ca must be rsa2048 or ecdsa-p256, got " + ca);
        }
    }

    /** Whether a node counts as Ready only once its Lease exists: releases with node leases (1.14+). */
    public boolean leases() {
        return version.atLeast(1, 14);
    }
}
