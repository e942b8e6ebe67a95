package io.bootsim.apiserver.authorization.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/** The part of an RBAC object's metadata that authorization and reconciliation look at. */
public record ObjectMeta(String name, String namespace, Map<String, String> labels, Map<String, String> annotations) {

    public ObjectMeta {
        namespace = namespace == null ? "" : namespace;
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    public static ObjectMeta named(String name) {
        return new ObjectMeta(name, "", Map.of(), Map.of());
    }

    public static ObjectMeta fromJson(JsonNode object, String kind) {
        JsonNode meta = JsonFields.object(object, "metadata", "");
        if (meta == null || JsonFields.string(meta, "name", "metadata.").isEmpty()) {
            throw new IllegalArgumentException(kind + ": metadata.name: Required value: name is required");
        }
        return new ObjectMeta(JsonFields.string(meta, "name", "metadata."), JsonFields.string(meta, "namespace", "metadata."),
                JsonFields.stringMap(meta, "labels", "metadata."), JsonFields.stringMap(meta, "annotations", "metadata."));
    }

    ObjectNode toJson() {
        ObjectNode node = JsonFields.newObject().put("name", name);
        if (!namespace.isEmpty()) {
            node.put("namespace", namespace);
        }
        JsonFields.putStringMap(node, "labels", new java.util.TreeMap<>(labels));
        JsonFields.putStringMap(node, "annotations", new java.util.TreeMap<>(annotations));
        return node;
    }

    /** Prefixes decode errors with the object they are about. */
    String where(String kind) {
        return kind + " " + (namespace.isEmpty() ? "" : namespace + "/") + name + ": ";
    }
}
