package io.bootsim.core.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;
import io.bootsim.core.api.Status;

import java.util.Optional;

/**
 * One event of a watch stream, metav1.WatchEvent: ADDED, MODIFIED, DELETED, BOOKMARK or ERROR with
 * the object. An ERROR carries a Status, typically 410 Expired ("too old resource version"), on
 * which the caller re-lists as a reflector does.
 */
public record WatchEvent(String type, ObjectNode object) {

    public static final String ERROR = "ERROR";

    public boolean isError() {
        return ERROR.equals(type);
    }

    /** The Status of an ERROR event. */
    public Optional<Status> status() {
        if (!isError()) {
            return Optional.empty();
        }
        return Optional.of(Json.mapper().convertValue(object, Status.class));
    }

    /** metadata.resourceVersion of the object, empty if it has none. */
    public String resourceVersion() {
        return object.path("metadata").path("resourceVersion").asText("");
    }
}
