package io.bootsim.controller.app;

import io.bootsim.controller.certificates.Csr;
import io.bootsim.core.flags.Flag;
import io.bootsim.core.flags.ParsedFlags;
import io.bootsim.core.version.KubeVersion;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * kube-controller-manager's configuration after flags: what {@link KubeControllerManager} needs,
 * also built directly by the scenario runner.
 *
 * @param signing                 the CA files of the signers
 * @param signingDuration         --cluster-signing-duration (--experimental-cluster-signing-duration before 1.19)
 * @param nodeMonitorGracePeriod  after which a silent node turns Ready=Unknown
 * @param qps                     --kube-api-qps; with {@code burst} the client's token bucket
 * @param serviceAccountPrivateKeyFile --service-account-private-key-file: the token controller's signing key, "" for none
 * @param rootCaFile              --root-ca-file: the CA put into token Secrets, "" for the kubeconfig's
 */
public record KubeControllerManagerOptions(KubeVersion version, List<String> controllers, SigningFiles signing,
                                           Duration signingDuration, boolean useServiceAccountCredentials,
                                           Duration nodeMonitorPeriod, Duration nodeMonitorGracePeriod,
                                           boolean rotateKubeletServerCertificate, float qps, int burst,
                                           String serviceAccountPrivateKeyFile, String rootCaFile) {

    /** The files behind --cluster-signing-{cert,key}-file and the per-signer flags (keyed by signer name). */
    public record SigningFiles(String certFile, String keyFile, Map<String, String[]> perSigner) {

        public SigningFiles {
            perSigner = Map.copyOf(perSigner);
        }

        public static SigningFiles global(String certFile, String keyFile) {
            return new SigningFiles(certFile, keyFile, Map.of());
        }

        boolean anySpecificFilesSet() {
            return perSigner.values().stream().anyMatch(f -> !f[0].isEmpty() || !f[1].isEmpty());
        }

        /** The cert and key a signer uses: its own files once any signer has its own, else the global ones. */
        // upstream: cmd/kube-controller-manager/app/certificates.go get*SignerFiles
        String[] filesFor(String signerName) {
            if (anySpecificFilesSet()) {
                return perSigner.getOrDefault(signerName, new String[] {"", ""});
            }
            return new String[] {certFile, keyFile};
        }
    }

    /** Options that do not validate, with upstream's messages. */
    public static final class InvalidOptions extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidOptions(List<String> errors) {
            // utilerrors.NewAggregate prints one error as itself, several as [a, b]
            super(errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]");
        }
    }

    /** Flags that exist only in some releases: naming them elsewhere fails as pflag does. */
    public static final class UnknownFlag extends Exception {
        private static final long serialVersionUID = 1L;

        UnknownFlag(String name) {
            super("unknown flag: --" + name);
        }
    }

    static final Duration DEFAULT_GRACE = Duration.ofSeconds(40);
    static final Duration DEFAULT_GRACE_1_32 = Duration.ofSeconds(50);

    public static KubeControllerManagerOptions from(KubeControllerManagerFlags flags, ParsedFlags parsed)
            throws InvalidOptions, UnknownFlag {
        KubeVersion version;
        try {
            version = flags.componentBase.emulatedVersion(parsed);
        } catch (IllegalArgumentException e) {
            throw new InvalidOptions(List.of(e.getMessage()));
        }
        boolean perSignerEra = version.atLeast(1, 19);
        Map<String, String[]> perSigner = new LinkedHashMap<>();
        for (String signer : List.of("kubelet-serving", "kubelet-client", "kube-apiserver-client", "legacy-unknown")) {
            Flag<String> cert = flags.perSignerCert.get(signer);
            Flag<String> key = flags.perSignerKey.get(signer);
            if (!perSignerEra) {
                rejectIfSet(parsed, cert);
                rejectIfSet(parsed, key);
                continue;
            }
            String name = signer.equals("kubelet-client") ? Csr.KUBE_APISERVER_CLIENT_KUBELET : "kubernetes.io/" + signer;
            perSigner.put(name, new String[] {parsed.get(cert), parsed.get(key)});
        }
        if (!perSignerEra) {
            rejectIfSet(parsed, flags.clusterSigningDuration);
        }
        if (version.atLeast(1, 25)) {
            rejectIfSet(parsed, flags.experimentalClusterSigningDuration); // removed in 1.25 (PR #108476)
        }
        // before 1.19 the global files defaulted to these paths (deprecated in 1.9, PR #54495)
        String certFile = parsed.isSet(flags.clusterSigningCertFile) || perSignerEra
                ? parsed.get(flags.clusterSigningCertFile) : "/etc/kubernetes/ca/ca.pem";
        String keyFile = parsed.isSet(flags.clusterSigningKeyFile) || perSignerEra
                ? parsed.get(flags.clusterSigningKeyFile) : "/etc/kubernetes/ca/ca.key";
        SigningFiles signing = new SigningFiles(certFile, keyFile, perSigner);

        List<String> errors = new ArrayList<>(ControllerNames.validate(parsed.get(flags.controllers), version));
        for (String[] files : perSigner.values()) {
            if (files[0].isEmpty() && !files[1].isEmpty()) {
                errors.add("cannot specify key without cert");
            } else if (!files[0].isEmpty() && files[1].isEmpty()) {
                errors.add("cannot specify cert without key");
            }
        }
        if ((!certFile.isEmpty() || !keyFile.isEmpty()) && signing.anySpecificFilesSet()) {
            errors.add("cannot specify --cluster-signing-{cert,key}-file and other --cluster-signing-*-file flags at the same time");
        }
        if (!errors.isEmpty()) {
            throw new InvalidOptions(errors);
        }
        Duration duration = !perSignerEra || parsed.isSet(flags.experimentalClusterSigningDuration)
                && !parsed.isSet(flags.clusterSigningDuration)
                ? parsed.get(flags.experimentalClusterSigningDuration) : parsed.get(flags.clusterSigningDuration);
        Duration grace = parsed.isSet(flags.nodeMonitorGracePeriod) ? parsed.get(flags.nodeMonitorGracePeriod)
                : version.atLeast(1, 32) ? DEFAULT_GRACE_1_32 : DEFAULT_GRACE;
        return new KubeControllerManagerOptions(version, parsed.get(flags.controllers), signing, duration,
                parsed.get(flags.useServiceAccountCredentials), parsed.get(flags.nodeMonitorPeriod), grace,
                parsed.get(flags.featureGates).getOrDefault("RotateKubeletServerCertificate", version.atLeast(1, 12)),
                parsed.get(flags.kubeApiQps).floatValue(), parsed.get(flags.kubeApiBurst),
                parsed.get(flags.serviceAccountPrivateKeyFile), parsed.get(flags.rootCaFile));
    }

    private static void rejectIfSet(ParsedFlags parsed, Flag<?> flag) throws UnknownFlag {
        if (parsed.isSet(flag)) {
            throw new UnknownFlag(flag.name());
        }
    }

    /** The defaults of the emulated version with global signing files, for embedding. */
    public static KubeControllerManagerOptions defaults(KubeVersion version, SigningFiles signing) {
        return new KubeControllerManagerOptions(version, List.of("*"), signing, Duration.ofHours(8760), false,
                Duration.ofSeconds(5), version.atLeast(1, 32) ? DEFAULT_GRACE_1_32 : DEFAULT_GRACE,
                version.atLeast(1, 12), 20f, 30, "", "");
    }

    public KubeControllerManagerOptions withControllers(List<String> names) {
        return new KubeControllerManagerOptions(version, List.copyOf(names), signing, signingDuration,
                useServiceAccountCredentials, nodeMonitorPeriod, nodeMonitorGracePeriod, rotateKubeletServerCertificate, qps, burst,
                serviceAccountPrivateKeyFile, rootCaFile);
    }

    public KubeControllerManagerOptions withSigningDuration(Duration duration) {
        return new KubeControllerManagerOptions(version, controllers, signing, duration,
                useServiceAccountCredentials, nodeMonitorPeriod, nodeMonitorGracePeriod, rotateKubeletServerCertificate, qps, burst,
                serviceAccountPrivateKeyFile, rootCaFile);
    }
}
