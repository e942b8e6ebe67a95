package io.bootsim.apiserver.storage;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;

import java.util.List;

/**
 * One page of a list: items in key order, the resourceVersion the page was read at, and when
 * more items remain, the continue token (and, for unfiltered lists, how many remain).
 */
public record ObjectList(List<ObjectNode> items, String resourceVersion, String continueToken, Long remainingItemCount) {

    public ObjectList {
        items = List.copyOf(items);
        continueToken = continueToken == null ? "" : continueToken;
    }

    /**
     * The List object kube-apiserver writes, e.g. {@code CertificateSigningRequestList}; items carry
     * no kind/apiVersion, as upstream leaves them out of list items.
     */
    public ObjectNode toJson(ResourceType type) {
        ObjectNode list = Json.object();
        list.put("kind", type.kind() + "List");
        list.put("apiVersion", type.apiVersion());
        ObjectNode meta = list.putObject("metadata");
        meta.put("resourceVersion", resourceVersion);
        if (!continueToken.isEmpty()) {
            meta.put("continue", continueToken);
        }
        if (remainingItemCount != null) {
            meta.put("remainingItemCount", remainingItemCount);
        }
        ArrayNode array = list.putArray("items");
        for (ObjectNode item : items) {
            ObjectNode copy = item.deepCopy();
            copy.remove("kind");
            copy.remove("apiVersion");
            array.add(copy);
        }
        return list;
    }
}
