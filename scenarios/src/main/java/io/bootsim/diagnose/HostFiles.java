package io.bootsim.diagnose;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The files one host's components reference, read from its root: every absolute path in a flag
 * value (comma lists included), the files named by the kubeconfigs and the KubeletConfiguration
 * among them, and the contents of directories such as {@code --cert-dir}. Missing files are left
 * out, so the run meets them missing as the machine does.
 */
final class HostFiles {

    /** Flags whose value is a kubeconfig the component loads. */
    private static final List<String> KUBECONFIG_FLAGS = List.of("kubeconfig", "bootstrap-kubeconfig",
            "experimental-bootstrap-kubeconfig");
    /** Paths a component writes itself: their absence is expected before a bootstrap. */
    private static final List<String> WRITTEN_BY_KUBELET = List.of("kubeconfig", "cert-dir");

    final HostRoot root;
    final boolean severalRoots;
    final Map<String, Path> files = new LinkedHashMap<>();
    final List<KubeconfigFile> kubeconfigs = new ArrayList<>();
    final List<KubeletConfigurationFile> kubeletConfigs = new ArrayList<>();
    private final List<Finding> findings;

    HostFiles(HostRoot root, boolean severalRoots, List<Finding> findings) {
        this.root = root;
        this.severalRoots = severalRoots;
        this.findings = findings;
    }

    String display(String hostPath) {
        return root.display(hostPath, severalRoots);
    }

    /** Adds what {@code line} references. */
    void addReferencedBy(ComponentCommandLine line) throws IOException {
        for (CommandLineFlag f : line.flags()) {
            if (!f.isFlag() || f.value().isEmpty()) {
                continue;
            }
            for (String value : f.value().get().split(",")) {
                String v = value.contains("=") ? value.substring(value.indexOf('=') + 1) : value;
                if (!v.startsWith("/")) {
                    continue;
                }
                boolean present = add(v);
                boolean written = line.component().equals("kubelet") && WRITTEN_BY_KUBELET.contains(f.name());
                if (!present && !written && !v.startsWith(CommandLines.MANIFESTS)) {
                    findings.add(new Finding(Severity.WARNING, f.file(), f.line(), line.component() + " --" + f.name()
                            + " names " + v + ", which is not in root " + root.name()
                            + " (missing on the machine, or not copied)", f.text(),
                            "create the file, correct the path, or copy it into the root"));
                }
                if (present && KUBECONFIG_FLAGS.contains(f.name())) {
                    kubeconfig(v, line.component());
                }
                if (present && f.name().equals("config") && line.component().equals("kubelet")) {
                    kubeletConfig(v);
                }
            }
        }
    }

    /** Adds a file (or a directory's files); returns whether it exists in the root. */
    boolean add(String hostPath) throws IOException {
        Path p = root.resolve(hostPath);
        if (Files.isDirectory(p)) {
            try (Stream<Path> list = Files.list(p)) {
                for (Path child : list.sorted().toList()) {
                    String childPath = hostPath.replaceAll("/+$", "") + "/" + child.getFileName();
                    if (Files.isRegularFile(root.resolve(childPath))) {
                        files.put(childPath, root.resolve(childPath));
                    }
                }
            }
            return true;
        }
        if (!Files.isRegularFile(p)) {
            return false;
        }
        if (!Files.isReadable(p)) {
            findings.add(new Finding(Severity.ERROR, display(hostPath), 0, "cannot read the file from root " + root.name(),
                    "open " + hostPath + ": permission denied", "copy the root with permission to read it (sudo cp -a)"));
            return false;
        }
        files.put(hostPath, p);
        return true;
    }

    Optional<String> text(String hostPath) throws IOException {
        Path p = files.get(hostPath);
        try {
            return p == null ? Optional.empty() : Optional.of(Files.readString(p));
        } catch (AccessDeniedException e) {
            return Optional.empty();
        }
    }

    private void kubeconfig(String hostPath, String usedBy) throws IOException {
        Optional<String> text = text(hostPath);
        if (text.isEmpty()) {
            return;
        }
        Optional<KubeconfigFile> k = KubeconfigFile.parse(text.get(), hostPath, display(hostPath), usedBy, findings);
        if (k.isPresent()) {
            kubeconfigs.add(k.get());
            for (String ref : k.get().referencedFiles()) {
                if (!add(ref) && !(usedBy.equals("kubelet") && ref.contains("kubelet-client"))) {
                    findings.add(new Finding(Severity.WARNING, display(hostPath), 0, "the kubeconfig names " + ref
                            + ", which is not in root " + root.name(), ref, "create the file or correct the path"));
                }
            }
        }
    }

    private void kubeletConfig(String hostPath) throws IOException {
        Optional<String> text = text(hostPath);
        if (text.isEmpty()) {
            return;
        }
        Optional<KubeletConfigurationFile> c = KubeletConfigurationFile.parse(text.get(), hostPath, display(hostPath), findings);
        if (c.isPresent()) {
            kubeletConfigs.add(c.get());
            for (String ref : c.get().referencedFiles()) {
                add(ref);
            }
        }
    }

    Optional<KubeconfigFile> kubeconfig(String hostPath) {
        return kubeconfigs.stream().filter(k -> k.path().equals(hostPath)).findFirst();
    }
}
