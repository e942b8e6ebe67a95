package io.bootsim.apiserver.endpoints;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Status;

import java.util.Optional;

/**
 * A check a write must pass after the strategy and validation, before storage: admission plugins
 * and RBAC's escalation prevention. An answer is the Status to send instead of writing.
 */
@FunctionalInterface
public interface WriteCheck {

    /** @param old the stored object for updates and deletes, null for creates */
    Optional<Status> check(ApiRequest request, ObjectNode object, ObjectNode old);
}
