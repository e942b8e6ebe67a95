package io.bootsim.apiserver.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The stored object after a PUT, and whether the PUT created it (201) rather than updated it (200). */
public record WriteResult(ObjectNode object, boolean created) {
}
