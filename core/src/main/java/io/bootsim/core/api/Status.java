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

    /** A write lost the optimistic-concurrency race, or a delete precondition failed. */
    public static Status conflict(String group, String resource, String name, String cause) {
        return failure(409, "Conflict", "Operation cannot be fulfilled on " + qualified(group, resource)
                + " \"" + name + "\": " + cause, Details.of(name, group, resource));
    }

    /** Every generated name tried was taken (errors.NewGenerateNameConflict). */
    public static Status generateNameConflict(String group, String resource, String name, int retryAfterSeconds) {
        return failure(409, "AlreadyExists", qualified(group, resource) + " \"" + name
                        + "\" already exists, the server was not able to generate a unique name for the object",
                new Details(emptyToNull(name), emptyToNull(group), resource, null, null, retryAfterSeconds));
    }

    /** 410 with reason Expired (errors.NewResourceExpired), e.g. a watch from a compacted resourceVersion. */
    public static Status resourceExpired(String message) {
        return failure(410, "Expired", message, null);
    }

    /** 410 with reason Expired and a continue token in the list metadata, for an expired continue parameter. */
    public static Status resourceExpired(String message, String continueToken) {
        return new Status("Status", "v1", Map.of("continue", continueToken), FAILURE, message, "Expired", null, 410);
    }

    /** 410 with reason Gone (errors.NewGone), what releases before the Expired reason sent. */
    public static Status gone(String message) {
        return failure(410, "Gone", message, null);
    }

    public static Status badRequest(String message) {
        return failure(400, "BadRequest", message, null);
    }

    /** 422 Invalid; each cause's message is "field: detail" joined the way field.ErrorList aggregates. */
    public static Status invalid(String group, String kind, String name, java.util.List<Cause> causes) {
        String qualifiedKind = group == null || group.isEmpty() ? kind : kind + "." + group;
        java.util.List<String> errors = causes.stream().map(c -> c.field() + ": " + c.message()).toList();
        String aggregate = errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]";
        return failure(422, "Invalid", qualifiedKind + " \"" + name + "\" is invalid: " + aggregate,
                new Details(emptyToNull(name), emptyToNull(group), kind, null, causes, null));
    }

    /** A 422 whose text the server keeps to itself (errors.NewGenericServerResponse), as for a failed JSON patch. */
    public static Status unprocessable() {
        return failure(422, "Invalid", "the server rejected our request due to an error in our request",
                new Details(null, null, null, null, null, null));
    }

    public static Status internalError(String error) {
        return failure(500, "InternalError", "Internal error occurred: " + error,
                new Details(null, null, null, null, java.util.List.of(new Cause(null, error, null)), null));
    }

    /** 504 Timeout, e.g. "Too large resource version" (errors.NewTimeoutError). */
    public static Status timeout(String message, int retryAfterSeconds, Cause cause) {
        return failure(504, "Timeout", "Timeout: " + message,
                new Details(null, null, null, null, cause == null ? null : java.util.List.of(cause), retryAfterSeconds));
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
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
    }

    @JsonPropertyOrder({"reason", "message", "field"})
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Cause(String reason, String message, String field) {
    }
}
