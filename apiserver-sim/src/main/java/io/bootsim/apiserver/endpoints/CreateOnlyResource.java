package io.bootsim.apiserver.endpoints;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A resource that is only ever created and never stored: the review APIs. */
@FunctionalInterface
public interface CreateOnlyResource {

    /** The answer to a POST: the request object with its status filled in. */
    ObjectNode create(ApiRequest request, ObjectNode body);
}
