package io.bootsim.apiserver.storage;

import io.bootsim.core.api.StatusException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;
import io.bootsim.core.api.Status;

import java.util.Arrays;
import java.util.Optional;

/**
 * The PATCH content types kube-apiserver accepts for built-in types, each applying its body to
 * the current object. kubectl label/annotate send merge patches, kubectl patch and client-side
 * kubectl apply strategic merge patches.
 */
public enum PatchType {
    JSON_PATCH("application/json-patch+json") {
        @Override
        ObjectNode apply(ObjectNode current, JsonNode patch, PatchSchema schema) {
            return JsonPatch.apply(current, patch);
        }
    },
    MERGE_PATCH("application/merge-patch+json") {
        @Override
        ObjectNode apply(ObjectNode current, JsonNode patch, PatchSchema schema) {
            return JsonMergePatch.apply(current, patch);
        }
    },
    STRATEGIC_MERGE_PATCH("application/strategic-merge-patch+json") {
        @Override
        ObjectNode apply(ObjectNode current, JsonNode patch, PatchSchema schema) {
            return StrategicMergePatch.apply(current, patch, schema);
        }
    };

    private final String contentType;

    PatchType(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    /** The patch type of a Content-Type header value (parameters such as charset ignored). */
    public static Optional<PatchType> of(String contentType) {
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim();
        return Arrays.stream(values()).filter(t -> t.contentType.equalsIgnoreCase(mediaType)).findFirst();
    }

    /** Decodes the request body; a body that is not JSON is a 400. */
    /** The object {@code body} makes of {@code current}; errors are StatusExceptions as upstream words them. */
    public ObjectNode patch(ObjectNode current, String body, PatchSchema schema) {
        return apply(current, decode(body), schema);
    }

    JsonNode decode(String body) {
        try {
            JsonNode node = Json.mapper().readTree(body);
            if (node == null) {
                throw new StatusException(Status.badRequest("error decoding patch: empty body"));
            }
            return node;
        } catch (java.io.IOException e) {
            throw new StatusException(Status.badRequest("error decoding patch: " + firstLine(e.getMessage())));
        }
    }

    private static String firstLine(String message) {
        return message == null ? "invalid JSON" : message.lines().findFirst().orElse(message);
    }

    /** The patched object; {@code current} is not modified. */
    abstract ObjectNode apply(ObjectNode current, JsonNode patch, PatchSchema schema);
}
