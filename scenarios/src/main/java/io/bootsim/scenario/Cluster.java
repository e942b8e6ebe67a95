package io.bootsim.scenario;

import io.bootsim.core.version.KubeVersion;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The cluster a scenario starts from. Files and certificates land on every host (the control
 * plane and each node) unless a kubelet names them as its own; each component gets its real
 * command line as a list of flags.
 *
 * @param admin the kubeconfig (on the control-plane host) that {@code kubectl} steps use
 */
public record Cluster(KubeVersion version, long seed, Instant start, List<CertificateSpec> pki, List<FileSpec> files,
                      Component apiserver, Optional<Component> controllerManager, List<KubeletSpec> kubelets,
                      Optional<String> admin) {

    public static final String APISERVER = "kube-apiserver";
    public static final String CONTROLLER_MANAGER = "kube-controller-manager";

    public Cluster {
        pki = List.copyOf(pki);
        files = List.copyOf(files);
        kubelets = List.copyOf(kubelets);
    }

    public Cluster withSeed(long s) {
        return new Cluster(version, s, start, pki, files, apiserver, controllerManager, kubelets, admin);
    }

    /** A component's command line and whether it starts with the cluster or by a later step. */
    public record Component(List<String> flags, boolean startsWithCluster) {
        public Component {
            flags = List.copyOf(flags);
        }
    }

    /** One kubelet: its node's host name, command line and files only this node has. */
    public record KubeletSpec(String name, Component component, List<FileSpec> files) {
        public KubeletSpec {
            files = List.copyOf(files);
        }

        /** The component name in traces, logs and steps. */
        public String componentName() {
            return "kubelet/" + name;
        }
    }

    /**
     * A certificate the scenario's PKI holds: generated (CA or signed by {@code issuer}) or read
     * from files next to the scenario; written as PEM to {@code certPath} and {@code keyPath}.
     */
    public record CertificateSpec(String name, Optional<String> issuer, boolean ca, String commonName,
                                  List<String> organizations, List<String> hosts, List<String> usages, String keyType,
                                  java.time.Duration validFor, Optional<String> fromCert, Optional<String> fromKey,
                                  Optional<String> certPath, Optional<String> keyPath) {
    }

    /** A file placed on the hosts before start: text, a copy of a file next to the scenario, or a kubeconfig. */
    public record FileSpec(String path, FileContent content) {
    }

    public sealed interface FileContent {
        record Text(String text) implements FileContent {
        }

        /** Relative to the scenario file's directory. */
        record Copy(String from) implements FileContent {
        }

        /** What {@code kubectl config set-cluster --embed-certs ...; set-credentials ...} writes. */
        record Kubeconfig(String server, Optional<String> caCertificate, Optional<String> token,
                          Optional<String> clientCertificate, String user, String clusterName) implements FileContent {
        }
    }
}
