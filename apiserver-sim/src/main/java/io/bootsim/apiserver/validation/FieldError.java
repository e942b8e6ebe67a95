package io.bootsim.apiserver.validation;

import io.bootsim.core.api.GoFormat;
import io.bootsim.core.version.KubeVersion;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One field-level validation error (apimachinery field.Error): its type, the field path, the
 * rejected value as Go prints it (null when the type never shows one) and a detail.
 * {@link #toString()} is upstream's Error(): {@code <field>: <body>}.
 */
// upstream: staging/src/k8s.io/apimachinery/pkg/util/validation/field/errors.go
public record FieldError(Type type, String field, GoValue value, String detail) {

    /** field.ErrorType: the cause reason clients see, and the words Error() prints. */
    public enum Type {
        NOT_FOUND("FieldValueNotFound", "Not found"),
        REQUIRED("FieldValueRequired", "Required value"),
        DUPLICATE("FieldValueDuplicate", "Duplicate value"),
        INVALID("FieldValueInvalid", "Invalid value"),
        NOT_SUPPORTED("FieldValueNotSupported", "Unsupported value"),
        FORBIDDEN("FieldValueForbidden", "Forbidden"),
        TOO_LONG("FieldValueTooLong", "Too long");

        private final String reason;
        private final String words;

        Type(String reason, String words) {
            this.reason = reason;
            this.words = words;
        }

        /** The StatusCause reason, e.g. "FieldValueInvalid". */
        public String reason() {
            return reason;
        }

        @Override
        public String toString() {
            return words;
        }
    }

    public FieldError {
        detail = detail == null ? "" : detail;
    }

    public static FieldError required(FieldPath path, String detail) {
        return new FieldError(Type.REQUIRED, path.toString(), null, detail);
    }

    public static FieldError forbidden(FieldPath path, String detail) {
        return new FieldError(Type.FORBIDDEN, path.toString(), null, detail);
    }

    public static FieldError invalid(FieldPath path, GoValue value, String detail) {
        return new FieldError(Type.INVALID, path.toString(), value, detail);
    }

    public static FieldError invalid(FieldPath path, String value, String detail) {
        return invalid(path, GoValue.string(value), detail);
    }

    public static FieldError duplicate(FieldPath path, String value) {
        return new FieldError(Type.DUPLICATE, path.toString(), GoValue.string(value), "");
    }

    public static FieldError notFound(FieldPath path, String value) {
        return new FieldError(Type.NOT_FOUND, path.toString(), GoValue.string(value), "");
    }

    /** "supported values: "a", "b"" in the order given (upstream callers pass a sorted list). */
    public static FieldError notSupported(FieldPath path, String value, List<String> supported) {
        String detail = supported.isEmpty() ? ""
                : "supported values: " + supported.stream().map(GoFormat::quote).collect(Collectors.joining(", "));
        return new FieldError(Type.NOT_SUPPORTED, path.toString(), GoValue.string(value), detail);
    }

    /** The value is never shown; the wording changed in 1.32 (apimachinery field.TooLong). */
    public static FieldError tooLong(FieldPath path, int maxBytes, KubeVersion version) {
        String detail = version.atLeast(1, 32)
                ? "may not be more than " + maxBytes + " bytes"
                : "must have at most " + maxBytes + " bytes";
        return new FieldError(Type.TOO_LONG, path.toString(), null, detail);
    }

    /** Upstream's ErrorBody(): the message without the field, which is also the StatusCause message. */
    public String body() {
        String s = value == null ? type.toString() : type + ": " + value.rendered();
        return detail.isEmpty() ? s : s + ": " + detail;
    }

    @Override
    public String toString() {
        return field + ": " + body();
    }
}
