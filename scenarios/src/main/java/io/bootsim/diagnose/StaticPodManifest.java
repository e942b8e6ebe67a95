package io.bootsim.diagnose;

import io.bootsim.scenario.yaml.Node;
import io.bootsim.scenario.yaml.ScenarioFileException;
import io.bootsim.scenario.yaml.YamlReader;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A kubeadm static-pod manifest (/etc/kubernetes/manifests/kube-apiserver.yaml): the first
 * container's {@code command} and {@code args} (each item keeps its line) and its image, whose
 * tag says which Kubernetes release runs. The kubelet mounts the host paths at the same paths
 * (hostPath volumes), so file flags name host paths.
 */
public record StaticPodManifest(ComponentCommandLine commandLine, Optional<String> image, int imageLine) {

    /** Empty, with a finding, when the manifest is not a pod with a container command. */
    public static Optional<StaticPodManifest> parse(String text, String file, HostRoot root, String component,
                                                    List<Finding> findings) {
        Node doc;
        try {
            doc = YamlReader.read(text, file);
        } catch (ScenarioFileException e) {
            findings.add(new Finding(Severity.ERROR, file, e.location().line(), "the static-pod manifest is not valid YAML; "
                    + "the kubelet does not run " + component, e.getMessage(), "correct the YAML at the line shown"));
            return Optional.empty();
        }
        Optional<Node> containers = at(doc, "spec", "containers");
        if (containers.isEmpty() || !(containers.get() instanceof Node.ListNode list) || list.items().isEmpty()) {
            findings.add(new Finding(Severity.ERROR, file, doc.location().line(), "no spec.containers in the static-pod "
                    + "manifest; the kubelet does not run " + component, "", "restore the manifest kubeadm wrote "
                    + "(kubeadm init phase control-plane " + component.replace("kube-", "") + ")"));
            return Optional.empty();
        }
        Node container = list.items().get(0);
        List<CommandLineFlag> words = new ArrayList<>();
        for (String field : List.of("command", "args")) {
            Optional<Node> items = at(container, field);
            if (items.isPresent() && items.get() instanceof Node.ListNode l) {
                for (Node item : l.items()) {
                    if (item instanceof Node.Scalar s && s.text() != null) {
                        words.add(new CommandLineFlag(s.text(), file, item.location().line()));
                    }
                }
            }
        }
        // command[0] is the binary
        List<CommandLineFlag> flags = words.isEmpty() || words.get(0).isFlag() ? words : words.subList(1, words.size());
        Optional<Node> image = at(container, "image");
        Optional<String> imageText = image.filter(n -> n instanceof Node.Scalar).map(n -> ((Node.Scalar) n).text());
        return Optional.of(new StaticPodManifest(new ComponentCommandLine(component, root, file,
                ComponentCommandLine.normalized(flags)), imageText, image.map(n -> n.location().line()).orElse(0)));
    }

    private static Optional<Node> at(Node node, String... path) {
        Node n = node;
        for (String key : path) {
            if (!(n instanceof Node.MapNode m) || !m.entries().containsKey(key)) {
                return Optional.empty();
            }
            n = m.entries().get(key);
        }
        return Optional.of(n);
    }
}
