package io.bootsim.apiserver.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading and writing metav1.ObjectMeta on objects held as JSON, and putting an object's
 * top-level and metadata fields in the order Go's encoder writes them, so that what the store
 * returns is byte-for-byte what kube-apiserver would send.
 */
public final class ObjectMeta {

    private ObjectMeta() {
    }

    // Field order of metav1.TypeMeta + ObjectMeta as encoding/json writes them.
    private static final List<String> TOP = List.of("kind", "apiVersion", "metadata");
    private static final List<String> META = List.of("name", "generateName", "namespace", "selfLink", "uid",
            "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp",
            "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers", "managedFields");

    /** The object's metadata, created empty if missing or not an object. */
    public static ObjectNode of(ObjectNode object) {
        JsonNode meta = object.get("metadata");
        if (meta instanceof ObjectNode m) {
            return m;
        }
        return object.putObject("metadata");
    }

    public static String name(ObjectNode object) {
        return text(object, "name");
    }

    public static String namespace(ObjectNode object) {
        return text(object, "namespace");
    }

    public static String uid(ObjectNode object) {
        return text(object, "uid");
    }

    public static String resourceVersion(ObjectNode object) {
        return text(object, "resourceVersion");
    }

    /** A string field of metadata, "" when absent or null. */
    public static String text(ObjectNode object, String field) {
        JsonNode value = object.path("metadata").path(field);
        return value.isTextual() ? value.asText() : "";
    }

    public static Map<String, String> labels(ObjectNode object) {
        Map<String, String> labels = new LinkedHashMap<>();
        object.path("metadata").path("labels").properties()
                .forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    public static boolean hasFinalizers(ObjectNode object) {
        return !object.path("metadata").path("finalizers").isEmpty();
    }

    public static boolean isBeingDeleted(ObjectNode object) {
        return object.path("metadata").hasNonNull("deletionTimestamp");
    }

    /** A copy of {@code object} with kind, apiVersion and metadata first, and metadata in ObjectMeta order. */
    public static ObjectNode canonical(ObjectNode object) {
        ObjectNode out = reorder(object, TOP);
        if (out.get("metadata") instanceof ObjectNode meta) {
            out.set("metadata", reorder(meta, META));
        }
        return out;
    }

    private static ObjectNode reorder(ObjectNode node, List<String> first) {
        ObjectNode out = Json.object();
        for (String field : first) {
            if (node.has(field)) {
                out.set(field, node.get(field).deepCopy());
            }
        }
        node.properties().forEach(e -> {
            if (!out.has(e.getKey())) {
                out.set(e.getKey(), e.getValue().deepCopy());
            }
        });
        return out;
    }
}
