package io.bootsim.apiserver.printers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Reading the fields printers need from Kubernetes JSON, treating absent as Go's zero value. */
final class ObjectFields {

    private ObjectFields() {
    }

    static String text(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return n.isTextual() ? n.asText() : "";
    }

    static JsonNode at(JsonNode node, String... path) {
        JsonNode n = node;
        for (String p : path) {
            n = n.path(p);
        }
        return n;
    }

    static String name(JsonNode object) {
        return text(object, "metadata", "name");
    }

    /** translateTimestampSince: the age of metadata.creationTimestamp, {@code <unknown>} when unset. */
    static String age(ObjectNode object, Instant now) {
        return since(text(object, "metadata", "creationTimestamp"), now);
    }

    /** The time since an RFC 3339 timestamp, {@code <unknown>} for Go's zero (absent) time. */
    static String since(String timestamp, Instant now) {
        return timestamp.isEmpty() ? "<unknown>"
                : HumanDuration.of(Duration.between(OffsetDateTime.parse(timestamp).toInstant(), now));
    }
}
