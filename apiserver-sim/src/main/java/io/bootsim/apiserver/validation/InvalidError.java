package io.bootsim.apiserver.validation;

import io.bootsim.core.api.GoFormat;

import io.bootsim.core.api.Status;
import io.bootsim.core.api.StatusException;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The 422 Invalid Status a failed validation becomes (apimachinery errors.NewInvalid): message
 * {@code <Kind>.<group> "<name>" is invalid: <errors>}, where one distinct error is printed bare and
 * several are joined with ", " inside brackets, duplicates dropped (field.ErrorList.ToAggregate and
 * utilerrors.aggregate.Error); one StatusCause per error, duplicates kept.
 */
// upstream: staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go NewInvalid
public final class InvalidError {

    private InvalidError() {
    }

    /** The Status for {@code errors}; {@code group} is "" for the core group. */
    public static Status status(String group, String kind, String name, List<FieldError> errors) {
        String qualifiedKind = group.isEmpty() ? kind : kind + "." + group;
        String message = qualifiedKind + " " + GoFormat.quote(name) + " is invalid";
        Set<String> distinct = new LinkedHashSet<>();
        errors.forEach(e -> distinct.add(e.toString()));
        if (distinct.size() == 1) {
            message += ": " + distinct.iterator().next();
        } else if (distinct.size() > 1) {
            message += ": [" + String.join(", ", distinct) + "]";
        }
        List<Status.Cause> causes = errors.stream()
                .map(e -> new Status.Cause(e.type().reason(), e.body(), e.field()))
                .toList();
        Status.Details details = new Status.Details(emptyToNull(name), emptyToNull(group), kind, null, causes, null);
        return Status.failure(422, "Invalid", message, details);
    }

    /** Throws the Invalid error when {@code errors} is non-empty. */
    public static void throwIfAny(String group, String kind, String name, List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new StatusException(status(group, kind, name, errors));
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
