package io.bootsim.apiserver.storage;

import io.bootsim.core.api.StatusException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Status;

/**
 * RFC 7386 JSON merge patch: objects merge key by key, null removes a key, anything else
 * (arrays included) replaces. The patch of an object must itself be an object.
 */
final class JsonMergePatch {

    private JsonMergePatch() {
    }

    static ObjectNode apply(ObjectNode current, JsonNode patch) {
        if (!patch.isObject()) {
            // evanphx/json-patch MergePatch refuses a non-object patch of an object document
            throw new StatusException(Status.badRequest("Invalid JSON Patch"));
        }
        return (ObjectNode) merge(current.deepCopy(), patch);
    }

    static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject() ? (ObjectNode) target : ((ObjectNode) patch).objectNode();
        patch.properties().forEach(e -> {
            if (e.getValue().isNull()) {
                result.remove(e.getKey());
            } else {
                result.set(e.getKey(), merge(result.get(e.getKey()), e.getValue()));
            }
        });
        return result;
    }
}
