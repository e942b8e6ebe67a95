package io.bootsim.kubelet;

import io.bootsim.core.version.KubeVersion;

import java.time.Duration;

/**
 * The kubelet behaviour that changed between releases, read once from the emulated version.
 * Each field names the release it flips at; sources are in shared/spec/csr-controllers-kubelet.md
 * section h.
 */
public record KubeletRelease(KubeVersion version) {

    /** certificates.k8s.io/v1 exists from 1.19; before, the kubelet speaks v1beta1 only. */
    public String csrApiVersion() {
        return version.atLeast(1, 19) ? "v1" : "v1beta1";
    }

    /** 1.19-1.21 clients fall back to v1beta1 when v1 is not served; 1.22 dropped v1beta1. */
    public boolean csrFallsBackToV1beta1() {
        return version.atLeast(1, 19) && !version.atLeast(1, 22);
    }

    /** spec.signerName exists from 1.18. */
    public boolean setsSignerName() {
        return version.atLeast(1, 18);
    }

    /** PR #111660 (1.27): no key encipherment for ECDSA keys. */
    public boolean keyEnciphermentForEcdsa() {
        return !version.atLeast(1, 27);
    }

    /**
     * With rotation on, the certificate manager bootstraps in the background (PRs #69890, #71174);
     * before, the blocking bootstrap ran first. The spec marks 1.13 vs 1.14 uncertain: 1.14 here.
     */
    public boolean bootstrapsInBackground() {
        return version.atLeast(1, 14);
    }

    /** PR #62152 (1.11): the bootstrap path writes through the store (timestamped pem, current link). */
    public boolean bootstrapWritesStore() {
        return version.atLeast(1, 11);
    }

    /**
     * The blocking bootstrap's {@code node-csr-<digest>} name hashed the key file's bytes in old
     * releases and the public key later; the switch release is not pinned down: 1.18 here.
     */
    public boolean csrNameDigestsPublicKey() {
        return version.atLeast(1, 18);
    }

    /** csr.go: "is not approved" until the Failed condition arrived with v1 (1.19). */
    public String deniedText() {
        return version.atLeast(1, 19) ? "certificate signing request is denied, reason: %s, message: %s"
                : "certificate signing request is not approved, reason: %s, message: %s";
    }

    /** kubeconfig-validity log wording changed in 1.20. */
    public boolean expiredMessageNamesFile() {
        return version.atLeast(1, 20);
    }

    /**
     * The blocking bootstrap logs with klog.InfoS ("Kubeconfig exists and is valid, skipping bootstrap"
     * path=...) after the kubelet's structured-logging migration; the release is not pinned down: 1.21 here.
     */
    public boolean structuredBootstrapLogs() {
        return version.atLeast(1, 21);
    }

    /** 1.33: the certificate manager logs structured lines without the signer prefix. */
    public boolean structuredCertificateLogs() {
        return version.atLeast(1, 33);
    }

    /** serverTLSBootstrap and --rotate-server-certificates exist from 1.11. */
    public boolean hasServerTlsBootstrap() {
        return version.atLeast(1, 11);
    }

    /** RotateKubeletServerCertificate beta, default on, from 1.12. */
    public boolean serverRotationGateDefault() {
        return version.atLeast(1, 12);
    }

    /** RotateKubeletClientCertificate was removed (locked on) in 1.21. */
    public boolean hasClientRotationGate() {
        return !version.atLeast(1, 21);
    }

    /** 1.31: a serving CSR needs at least one IP SAN (gate AllowDNSOnlyNodeCSR restores the old way). */
    public boolean servingCsrNeedsIp() {
        return version.atLeast(1, 31);
    }

    /** NodeLease on by default from 1.14 (beta), GA 1.17. */
    public boolean usesNodeLease() {
        return version.atLeast(1, 14);
    }

    /** How often an unchanged status is still reported once leases carry the heartbeat. */
    public Duration nodeStatusReportFrequency() {
        return usesNodeLease() ? Duration.ofMinutes(5) : Duration.ofSeconds(10);
    }

    /** kubeAPIQPS / kubeAPIBurst defaults: 5/10, raised to 50/100 in 1.27. */
    public float kubeApiQps() {
        return version.atLeast(1, 27) ? 50f : 5f;
    }

    public int kubeApiBurst() {
        return version.atLeast(1, 27) ? 100 : 10;
    }

    /** User-Agent as client-go builds it for the kubelet binary. */
    public String userAgent() {
        return "kubelet/" + version.gitVersion() + " (linux/amd64) kubernetes/bootsim";
    }
}
