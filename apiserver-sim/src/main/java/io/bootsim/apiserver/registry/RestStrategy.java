package io.bootsim.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.authentication.UserInfo;
import io.bootsim.apiserver.validation.FieldError;

import java.util.List;

/**
 * What a resource adds to the generic create/update path (upstream's rest.RESTCreateStrategy and
 * RESTUpdateStrategy): conversion between the served versions and the stored form, the strategy's
 * preparation of an object, and its validation. The defaults fit resources whose versions differ
 * only in apiVersion and that have no rules of their own.
 */
public interface RestStrategy {

    /** The stored form of a request body sent as {@code apiVersion}. */
    default ObjectNode fromBody(ObjectNode body, String apiVersion) {
        return body;
    }

    /** The stored object as a client of {@code apiVersion} sees it. */
    default ObjectNode toVersion(ObjectNode stored, String apiVersion) {
        ObjectNode copy = stored.deepCopy();
        copy.put("apiVersion", apiVersion);
        return copy;
    }

    default void prepareForCreate(ObjectNode object, UserInfo user) {
    }

    default List<FieldError> validateCreate(ObjectNode object, String apiVersion) {
        return List.of();
    }

    /** @param subresource "" for the object itself, else "status", "approval", ... */
    default void prepareForUpdate(ObjectNode object, ObjectNode old, String subresource) {
    }

    default List<FieldError> validateUpdate(ObjectNode object, ObjectNode old, String subresource, String apiVersion) {
        return List.of();
    }

    /** The default for resources without rules of their own. */
    RestStrategy DEFAULT = new RestStrategy() {
    };
}
