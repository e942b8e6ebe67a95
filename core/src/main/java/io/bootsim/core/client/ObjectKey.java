package io.bootsim.core.client;

import com.fasterxml.jackson.databind.JsonNode;

/** client-go's MetaNamespaceKeyFunc: {@code namespace/name}, or {@code name} for cluster-scoped objects. */
public final class ObjectKey {

    private ObjectKey() {
    }

    public static String of(JsonNode object) {
        JsonNode meta = object.path("metadata");
        String namespace = meta.path("namespace").asText("");
        String name = meta.path("name").asText("");
        return namespace.isEmpty() ? name : namespace + "/" + name;
    }

    public static String resourceVersion(JsonNode object) {
        return object.path("metadata").path("resourceVersion").asText("");
    }
}
