package io.bootsim.controller.app;

import io.bootsim.core.flags.ComponentBaseFlags;
import io.bootsim.core.flags.Flag;
import io.bootsim.core.flags.FlagSet;
import io.bootsim.core.flags.FlagType;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Every flag of the simulated kube-controller-manager, declared once and spelled as the real
 * binary spells them (cmd/kube-controller-manager/app/options). Flags of real units that do not
 * change bootstrapping are accepted and listed as ignored. Flags that exist only in some releases
 * are checked against the emulated version after parsing ({@link KubeControllerManagerOptions}).
 */
public final class KubeControllerManagerFlags {

    private static final String GENERIC = "Generic flags";
    private static final String CSR = "CSRSigningController flags";
    private static final String NODE = "NodeLifecycleController flags";
    private static final String SA = "SAController flags";

    public final FlagSet set = new FlagSet("kube-controller-manager");

    public final Flag<String> kubeconfig = set.add(GENERIC, Flag.of("kubeconfig", FlagType.STRING, "",
            "Path to kubeconfig file with authorization and master location information."));
    public final Flag<String> master = set.add(GENERIC, Flag.of("master", FlagType.STRING, "",
            "The address of the Kubernetes API server (overrides any value in kubeconfig)."));
    public final Flag<List<String>> controllers = set.add(GENERIC, Flag.of("controllers", FlagType.STRING_SLICE,
            List.of("*"), "A list of controllers to enable. '*' enables all on-by-default controllers, 'foo' enables "
                    + "the controller named 'foo', '-foo' disables the controller named 'foo'. "
                    + "Disabled-by-default controllers: bootstrapsigner, tokencleaner"));
    public final Flag<Boolean> useServiceAccountCredentials = set.add(GENERIC, Flag.of("use-service-account-credentials",
            FlagType.BOOL, false, "If true, use individual service account credentials for each controller."));
    public final Flag<Boolean> leaderElect = set.add(GENERIC, Flag.of("leader-elect", FlagType.BOOL, true,
            "Start a leader election client and gain leadership before executing the main loop. (bootsim runs one "
                    + "instance and always leads.)"));
    public final Flag<Double> kubeApiQps = set.add(GENERIC, Flag.of("kube-api-qps", FlagType.FLOAT, 20.0,
            "QPS to use while talking with kubernetes apiserver."));
    public final Flag<Integer> kubeApiBurst = set.add(GENERIC, Flag.of("kube-api-burst", FlagType.INT32, 30,
            "Burst to use while talking with kubernetes apiserver."));
    public final Flag<Map<String, Boolean>> featureGates = set.add(GENERIC, Flag.of("feature-gates",
            FlagType.MAP_STRING_BOOL, Map.of(), "A set of key=value pairs that describe feature gates for alpha/experimental "
                    + "features. bootsim reads RotateKubeletServerCertificate (selfnodeserver approval up to 1.10)."));

    public final Flag<String> clusterSigningCertFile = set.add(CSR, Flag.of("cluster-signing-cert-file", FlagType.STRING,
            "", "Filename containing a PEM-encoded X509 CA certificate used to issue cluster-scoped certificates. "
                    + "If specified, no more specific --cluster-signing-* flag may be specified. "
                    + "(Before 1.19 the default was /etc/kubernetes/ca/ca.pem.)"));
    public final Flag<String> clusterSigningKeyFile = set.add(CSR, Flag.of("cluster-signing-key-file", FlagType.STRING,
            "", "Filename containing a PEM-encoded RSA or ECDSA private key used to sign cluster-scoped certificates. "
                    + "(Before 1.19 the default was /etc/kubernetes/ca/ca.key.)"));
    public final Map<String, Flag<String>> perSignerCert = Map.of(
            "kubelet-serving", signerFile("kubelet-serving", "cert"),
            "kubelet-client", signerFile("kubelet-client", "cert"),
            "kube-apiserver-client", signerFile("kube-apiserver-client", "cert"),
            "legacy-unknown", signerFile("legacy-unknown", "cert"));
    public final Map<String, Flag<String>> perSignerKey = Map.of(
            "kubelet-serving", signerFile("kubelet-serving", "key"),
            "kubelet-client", signerFile("kubelet-client", "key"),
            "kube-apiserver-client", signerFile("kube-apiserver-client", "key"),
            "legacy-unknown", signerFile("legacy-unknown", "key"));
    public final Flag<Duration> clusterSigningDuration = set.add(CSR, Flag.of("cluster-signing-duration",
            FlagType.DURATION, Duration.ofHours(8760), "The max length of duration signed certificates will be given. "
                    + "Individual CSRs may request shorter certs by setting spec.expirationSeconds. (since 1.19)"));
    public final Flag<Duration> experimentalClusterSigningDuration = set.add(CSR, Flag.of(
            "experimental-cluster-signing-duration", FlagType.DURATION, Duration.ofHours(8760),
            "The max length of duration signed certificates will be given. (until 1.24)")
            .deprecated("use --cluster-signing-duration"));

    public final Flag<String> rootCaFile = set.add(SA, Flag.of("root-ca-file", FlagType.STRING, "",
            "If set, this root certificate authority will be included in service account's token secret. "
                    + "This must be a valid PEM-encoded CA bundle."));
    public final Flag<String> serviceAccountPrivateKeyFile = set.add(SA, Flag.of("service-account-private-key-file",
            FlagType.STRING, "", "Filename containing a PEM-encoded private RSA or ECDSA key used to sign service account "
                    + "tokens."));

    public final Flag<Duration> nodeMonitorPeriod = set.add(NODE, Flag.of("node-monitor-period", FlagType.DURATION,
            Duration.ofSeconds(5), "The period for syncing NodeStatus in cloud-node-lifecycle-controller."));
    public final Flag<Duration> nodeMonitorGracePeriod = set.add(NODE, Flag.of("node-monitor-grace-period",
            FlagType.DURATION, Duration.ZERO, "Amount of time which we allow running Node to be unresponsive before "
                    + "marking it unhealthy. Default 40s, 50s from 1.32."));

    public final ComponentBaseFlags componentBase = ComponentBaseFlags.declare(set);

    public KubeControllerManagerFlags() {
        set.acceptIgnored(IGNORED, IGNORED_BOOLEANS);
    }

    private Flag<String> signerFile(String signer, String kind) {
        return set.add(CSR, Flag.of("cluster-signing-" + signer + "-" + kind + "-file", FlagType.STRING, "",
                "Filename containing a PEM-encoded " + (kind.equals("cert") ? "X509 CA certificate" : "RSA or ECDSA private key")
                        + " used to issue certificates for the kubernetes.io/" + (signer.equals("kubelet-client")
                        ? "kube-apiserver-client-kubelet" : signer) + " signer. (since 1.19)"));
    }

    /** Value flags of real units (KTHW 1.9 systemd units to current kubeadm manifests) that bootsim does not model. */
    private static final List<String> IGNORED = List.of(
            "address", "authentication-kubeconfig", "authorization-kubeconfig", "bind-address", "cert-dir",
            "client-ca-file", "cloud-config", "cloud-provider", "cluster-cidr", "cluster-name", "concurrent-deployment-syncs",
            "concurrent-service-syncs", "horizontal-pod-autoscaler-sync-period", "leader-elect-lease-duration",
            "leader-elect-renew-deadline", "leader-elect-resource-lock", "leader-elect-retry-period", "log-dir", "log-file",
            "node-cidr-mask-size", "pod-eviction-timeout", "port", "pv-recycler-pod-template-filepath-nfs",
            "requestheader-allowed-names", "requestheader-client-ca-file", "requestheader-extra-headers-prefix",
            "requestheader-group-headers", "requestheader-username-headers", "secure-port", "service-cluster-ip-range",
            "stderrthreshold", "terminated-pod-gc-threshold", "tls-cert-file", "tls-cipher-suites", "tls-min-version",
            "tls-private-key-file", "large-cluster-size-threshold", "unhealthy-zone-threshold", "node-eviction-rate",
            "secondary-node-eviction-rate", "node-startup-grace-period");

    private static final List<String> IGNORED_BOOLEANS = List.of(
            "allocate-node-cidrs", "configure-cloud-routes", "enable-garbage-collector", "logtostderr", "alsologtostderr",
            "profiling", "enable-dynamic-provisioning", "enable-hostpath-provisioner");
}
