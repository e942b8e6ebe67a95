package io.bootsim.diagnose;

import io.bootsim.core.pki.Pem;
import io.bootsim.core.pki.PemException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything diagnose read from the roots: the components' command lines, the files they
 * reference per host, the RBAC manifests, the release the files imply and the instant the
 * simulation starts at.
 *
 * @param control the control-plane host's files (kube-apiserver and kube-controller-manager)
 * @param start   the newest NotBefore of the certificates read, so that every one is valid as on
 *                the machines; the default scenario start when there are none
 */
public record ClusterSnapshot(List<HostRoot> roots, Optional<ComponentCommandLine> apiserver,
                              Optional<ComponentCommandLine> controllerManager, List<KubeletHost> kubelets,
                              HostFiles control, List<ManifestFile> manifests, EmulatedVersion version, Instant start) {

    /** A kubelet found on a host: its node name, command line and the files of its host. */
    public record KubeletHost(String name, ComponentCommandLine commandLine, HostFiles files) {
    }

    private static final String DEFAULT_CERT_DIR = "/var/lib/kubelet/pki";

    static ClusterSnapshot read(DiagnoseInput in, List<Finding> findings) throws IOException {
        boolean several = in.roots().size() > 1;
        CommandLines finder = new CommandLines(findings);
        Optional<ComponentCommandLine> apiserver = Optional.empty();
        Optional<ComponentCommandLine> controllerManager = Optional.empty();
        HostRoot first = in.roots().get(0);
        for (HostRoot root : in.roots()) {
            Optional<ComponentCommandLine> a = finder.find(root, "kube-apiserver",
                    root == first ? in.apiserverFlags() : Optional.empty());
            if (a.isPresent() && apiserver.isEmpty()) {
                apiserver = a;
            }
            Optional<ComponentCommandLine> c = finder.find(root, "kube-controller-manager",
                    root == first ? in.controllerManagerFlags() : Optional.empty());
            if (c.isPresent() && controllerManager.isEmpty()) {
                controllerManager = c;
            }
        }
        HostRoot controlRoot = apiserver.map(ComponentCommandLine::host).orElse(first);
        HostFiles control = new HostFiles(controlRoot, several, findings);
        if (apiserver.isPresent()) {
            control.addReferencedBy(apiserver.get());
        }
        if (controllerManager.isPresent()) {
            control.addReferencedBy(controllerManager.get());
        }
        List<KubeletHost> kubelets = new ArrayList<>();
        for (HostRoot root : in.roots()) {
            Optional<ComponentCommandLine> k = finder.find(root, "kubelet", Optional.ofNullable(in.kubeletFlags().get(root.name())));
            if (k.isEmpty()) {
                if (root.exists("/var/lib/kubelet/config.yaml")) {
                    findings.add(new Finding(Severity.WARNING, root.display("/var/lib/kubelet/config.yaml", several), 0,
                            "a KubeletConfiguration but no kubelet command line in root " + root.name()
                                    + "; no kubelet from this root is simulated", "",
                            "copy /etc/systemd/system/kubelet.service and its kubelet.service.d drop-ins into the root, "
                                    + "or give --kubelet-flags " + root.name() + "=FILE"));
                }
                continue;
            }
            HostFiles files = new HostFiles(root, several, findings);
            files.addReferencedBy(k.get());
            if (k.get().value("cert-dir").isEmpty()) {
                files.add(DEFAULT_CERT_DIR);
            }
            kubelets.add(new KubeletHost(nodeName(root, kubelets), k.get(), files));
        }
        List<ManifestFile> manifests = in.manifests().isPresent() ? ManifestFile.readAll(in.manifests().get(), findings)
                : List.of();
        List<ComponentCommandLine> lines = new ArrayList<>();
        apiserver.ifPresent(lines::add);
        controllerManager.ifPresent(lines::add);
        kubelets.forEach(k -> lines.add(k.commandLine()));
        EmulatedVersion version = EmulatedVersion.resolve(in.emulatedVersion(), finder.staticPods, lines);
        List<HostFiles> hosts = new ArrayList<>(List.of(control));
        kubelets.forEach(k -> hosts.add(k.files()));
        return new ClusterSnapshot(in.roots(), apiserver, controllerManager, kubelets, control, manifests, version,
                newestNotBefore(hosts));
    }

    /** The machine's host name (/etc/hostname), else the root's name, else node-N. */
    private static String nodeName(HostRoot root, List<KubeletHost> earlier) throws IOException {
        String name = root.read("/etc/hostname").map(String::strip).orElse(root.name()).toLowerCase(java.util.Locale.ROOT);
        if (!name.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?") || earlier.stream().anyMatch(k -> k.name().equals(name))) {
            return "node-" + earlier.size();
        }
        return name;
    }

    private static Instant newestNotBefore(List<HostFiles> hosts) throws IOException {
        Instant newest = null;
        for (HostFiles h : hosts) {
            for (Map.Entry<String, java.nio.file.Path> f : h.files.entrySet()) {
                for (X509Certificate c : certificatesIn(Files.readAllBytes(f.getValue()), f.getKey())) {
                    Instant nb = c.getNotBefore().toInstant();
                    newest = newest == null || nb.isAfter(newest) ? nb : newest;
                }
            }
            for (KubeconfigFile k : h.kubeconfigs) {
                for (var cluster : k.config().clusters().values()) {
                    for (X509Certificate c : certificatesIn(cluster.certificateAuthorityData(), k.path())) {
                        Instant nb = c.getNotBefore().toInstant();
                        newest = newest == null || nb.isAfter(newest) ? nb : newest;
                    }
                }
            }
        }
        return newest == null ? io.bootsim.core.time.VirtualClock.DEFAULT_START : newest;
    }

    /** The certificates of a PEM file; anything else (keys, CSV, YAML) has none. */
    static List<X509Certificate> certificatesIn(byte[] data, String source) {
        if (!new String(data, StandardCharsets.UTF_8).contains("-----BEGIN CERTIFICATE-----")) {
            return List.of();
        }
        try {
            return Pem.certificates(data, source);
        } catch (PemException e) {
            return List.of();
        }
    }

    public boolean severalRoots() {
        return roots.size() > 1;
    }

    /** The certificates in a control-plane file a flag of {@code line} names. */
    List<X509Certificate> certificates(Optional<ComponentCommandLine> line, String flag) throws IOException {
        Optional<String> path = line.flatMap(l -> l.value(flag));
        if (path.isEmpty() || !control.files.containsKey(path.get())) {
            return List.of();
        }
        return certificatesIn(Files.readAllBytes(control.files.get(path.get())), path.get());
    }
}
