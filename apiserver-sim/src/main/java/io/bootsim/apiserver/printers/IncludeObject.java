package io.bootsim.apiserver.printers;

import io.bootsim.core.api.Status;
import io.bootsim.core.api.StatusException;

/** What each Table row carries as its object: the {@code includeObject} query parameter. */
public enum IncludeObject {
    /** No object: {@code "object":null}. */
    NONE("None"),
    /** The default: a PartialObjectMetadata holding the object's metadata. */
    METADATA("Metadata"),
    /** The whole object, as {@code kubectl get --sort-by} asks for. */
    OBJECT("Object");

    private final String value;

    IncludeObject(String value) {
        this.value = value;
    }

    /**
     * Parses the query value; absent or empty means Metadata.
     *
     * @throws StatusException 400 as upstream's optionsForTransform rejects other values
     */
    public static IncludeObject parse(String queryValue) {
        if (queryValue == null || queryValue.isEmpty()) {
            return METADATA;
        }
        for (IncludeObject i : values()) {
            if (i.value.equals(queryValue)) {
                return i;
            }
        }
        throw new StatusException(Status.failure(400, "BadRequest", "Unable to convert to Table as requested: "
                + "includeObject: Invalid value: \"" + queryValue + "\": must be 'Metadata', 'Object', 'None', or empty",
                null));
    }
}
