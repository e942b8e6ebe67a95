package io.bootsim.diagnose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds a component's command line on a host in the forms people use, first match wins: a flag
 * file given on diagnose's command line, a kubeadm static-pod manifest, a systemd unit.
 */
final class CommandLines {

    static final String MANIFESTS = "/etc/kubernetes/manifests";

    private final List<Finding> findings;
    final List<StaticPodManifest> staticPods = new ArrayList<>();

    CommandLines(List<Finding> findings) {
        this.findings = findings;
    }

    Optional<ComponentCommandLine> find(HostRoot root, String component, Optional<Path> flagFile) throws IOException {
        if (flagFile.isPresent()) {
            Path f = flagFile.get();
            if (!Files.isRegularFile(f)) {
                findings.add(new Finding(Severity.ERROR, f.toString(), 0, "the flag file for " + component
                        + " does not exist", "", "give the file holding " + component + "'s command line"));
                return Optional.empty();
            }
            return Optional.of(FlagFile.parse(Files.readString(f), f.toString(), root, component));
        }
        if (!component.equals("kubelet")) {
            String manifest = MANIFESTS + "/" + component + ".yaml";
            Optional<String> text = root.read(manifest);
            if (text.isPresent()) {
                Optional<StaticPodManifest> pod = StaticPodManifest.parse(text.get(), manifest, root, component, findings);
                pod.ifPresent(staticPods::add);
                return pod.map(StaticPodManifest::commandLine);
            }
        }
        return SystemdUnit.read(root, component + ".service", component, findings);
    }
}
