package io.bootsim.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Map;

/**
 * metav1.Status, the body of every API error. Field order and omission follow the upstream
 * JSON encoding, because clients print the message and tests compare bodies byte for byte
 * (apimachinery pkg/api/errors/errors.go).
 */
@JsonPropertyOrder({"kind", "apiVersion", "metadata", "status", "message", "reason", "details", "code"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Status(String kind, String apiVersion, Map<String, Object> metadata, String status,
                     String message, String reason, Details details, int code) {

    public static final String FAILURE = "Failure";
    public static final String SUCCESS = "Success";

    public static Status failure(int code, String reason, String message, Details details) {
        return new Status("Status", "v1", Map.of(), FAILURE, message, reason, details, code);
    }

    /** The one 401 body upstream sends, whatever the cause. */
    public static Status unauthorized() {
        return failure(401, "Unauthorized", "Unauthorized", null);
    }

    public static Status forbidden(String group, String resource, String name, String message) {
        return failure(403, "Forbidden", message, Details.of(name, group, resource));
    }

    public static Status notFound(String group, String resource, String name) {
        return failure(404, "NotFound", qualified(group, resource) + " \"" + name + "\" not found",
                Details.of(name, group, resource));
    }

    public static Status alreadyExists(String group, String resource, String name) {
        return failure(409, "AlreadyExists", qualified(group, resource) + " \"" + name + "\" already exists",
                Details.of(name, group, resource));
    }

    /** "resource.group", or just "resource" for the core group (GroupResource.String). */
    public static String qualified(String group, String resource) {
        return group == null || group.isEmpty() ? resource : resource + "." + group;
    }

    /** The body as upstream writes it: compact JSON and a trailing newline. */
    public String toJson() {
        return Json.write(this) + "\n";
    }

    @JsonPropertyOrder({"name", "group", "kind", "uid", "causes", "retryAfterSeconds"})
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Details(String name, String group, String kind, String uid,
                          java.util.List<Cause> causes, Integer retryAfterSeconds) {
        public static Details of(String name, String group, String kind) {
            return new Details(emptyToNull(name), emptyToNull(group), emptyToNull(kind), null, null, null);
        }

        private static String emptyToNull(String s) {
            return s == null || s.isEmpty() ? null : s;
        }
    }

    @JsonPropertyOrder({"reason", "message", "field"})
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Cause(String reason, String message, String field) {
    }
}
