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

    /** The stored form of a request body sent to served version {@code version} ("v1", "v1beta1"). */
    default ObjectNode fromBody(ObjectNode body, String version) {
        return body;
    }

    /** The stored object as a client of served version {@code version} sees it. */
    default ObjectNode toVersion(ObjectNode stored, String version) {
        ObjectNode copy = stored.deepCopy();
        String apiVersion = stored.path("apiVersion").asText("");
        int slash = apiVersion.indexOf('/');
        copy.put("apiVersion", slash < 0 ? version : apiVersion.substring(0, slash + 1) + version);
        return copy;
    }

    default void prepareForCreate(ObjectNode object, UserInfo user) {
    }

    default List<FieldError> validateCreate(ObjectNode object, String version) {
        return List.of();
    }

    /** @param subresource "" for the object itself, else "status", "approval", ... */
    default void prepareForUpdate(ObjectNode object, ObjectNode old, String subresource) {
    }

    default List<FieldError> validateUpdate(ObjectNode object, ObjectNode old, String subresource, String version) {
        return List.of();
    }

    /** The default for resources without rules of their own. */
    RestStrategy DEFAULT = new RestStrategy() {
    };
}
