package io.bootsim.apiserver.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;

/**
 * One event of a watch stream (metav1.WatchEvent). The object is shared between watchers and
 * must not be modified.
 */
public record WatchEvent(Type type, ObjectNode object) {

    public enum Type { ADDED, MODIFIED, DELETED, BOOKMARK, ERROR }

    /** The event as kube-apiserver streams it: one compact JSON object and a newline. */
    public String toJson() {
        ObjectNode event = Json.object();
        event.put("type", type.name());
        event.set("object", object);
        return Json.write(event) + "\n";
    }
}
