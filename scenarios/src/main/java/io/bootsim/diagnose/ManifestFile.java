package io.bootsim.diagnose;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import io.bootsim.core.api.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One file of {@code --manifests DIR}: YAML (several documents) or JSON, a {@code kind: List}
 * (what {@code kubectl get clusterroles,clusterrolebindings -o yaml} prints) unpacked into its
 * items. A file kubectl could not decode is a finding and is not applied.
 */
public record ManifestFile(Path path, List<JsonNode> objects) {

    /** What a bootstrap depends on; other objects (workloads, CRDs) are not applied in the run. */
    private static final List<String> BOOTSTRAP_KINDS = List.of("ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding",
            "Secret", "ConfigMap", "Namespace");

    /** Kinds in this file that the run does not apply, so the file is left out of it. */
    public List<String> otherKinds() {
        return objects.stream().map(o -> o.path("kind").asText()).filter(k -> !BOOTSTRAP_KINDS.contains(k)).distinct().toList();
    }

    /** The manifests under {@code dir} (or the file itself), in name order. */
    public static List<ManifestFile> readAll(Path dir, List<Finding> findings) throws IOException {
        List<Path> files;
        if (Files.isDirectory(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                files = walk.filter(Files::isRegularFile).filter(p -> p.toString().matches(".*\\.(ya?ml|json)$"))
                        .sorted().toList();
            }
        } else if (Files.isRegularFile(dir)) {
            files = List.of(dir);
        } else {
            findings.add(new Finding(Severity.ERROR, dir.toString(), 0, "--manifests names nothing that exists", "",
                    "give the directory holding the RBAC manifests (or kubectl get clusterroles,clusterrolebindings "
                            + "-A -o yaml > rbac.yaml)"));
            return List.of();
        }
        List<ManifestFile> out = new ArrayList<>();
        for (Path f : files) {
            read(f, findings).ifPresent(out::add);
        }
        return out;
    }

    private static Optional<ManifestFile> read(Path file, List<Finding> findings) throws IOException {
        List<JsonNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = Json.yaml().readerFor(JsonNode.class).readValues(Files.readString(file))) {
            while (docs.hasNextValue()) {
                JsonNode doc = docs.nextValue();
                if (doc == null || doc.isNull() || doc.isMissingNode()) {
                    continue;
                }
                if (doc.path("kind").asText().endsWith("List") && doc.path("items").isArray()) {
                    doc.path("items").forEach(objects::add);
                } else {
                    objects.add(doc);
                }
            }
        } catch (JsonProcessingException | RuntimeException e) {
            int line = e instanceof JsonProcessingException p && p.getLocation() != null ? p.getLocation().getLineNr() : 0;
            String message = e instanceof JsonProcessingException p ? p.getOriginalMessage() : String.valueOf(e.getMessage());
            findings.add(new Finding(Severity.ERROR, file.toString(), line, "kubectl apply cannot decode this manifest, "
                    + "so none of its objects are applied", "error: error parsing " + file.getFileName() + ": "
                    + message.lines().findFirst().orElse(""), "correct the YAML at the line shown"));
            return Optional.empty();
        }
        for (JsonNode o : objects) {
            if (!o.isObject() || o.path("kind").asText().isEmpty() || o.path("apiVersion").asText().isEmpty()) {
                findings.add(new Finding(Severity.ERROR, file.toString(), 0, "an object without apiVersion and kind; "
                        + "kubectl apply refuses the file", "error: error validating data: [apiVersion not set, kind not set]",
                        "give every object apiVersion and kind"));
                return Optional.empty();
            }
        }
        return Optional.of(new ManifestFile(file, objects));
    }
}
