package io.bootsim.apiserver.endpoints;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.storage.ResourceType;

/** Told of every object written or deleted through the API, after the fact (the RBAC index listens). */
public interface StoreObserver {

    void written(ResourceType type, ObjectNode object);

    void deleted(ResourceType type, ObjectNode object);
}
