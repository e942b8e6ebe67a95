package io.bootsim.apiserver.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The outcome of a delete: the object as it was last stored, and whether it is gone now or only
 * marked (deletionTimestamp set) because finalizers still hold it.
 */
public record DeleteResult(ObjectNode object, boolean deletedImmediately) {
}
