package io.bootsim.core.client;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An informer's local cache (client-go's cache.Store as a lister reads it): the last known state
 * of each object by key. Objects are shared, never to be modified: copy before changing one.
 * Listing is in key order, so a controller that walks the whole store (the CSR cleaner) does so
 * in the same order on every run.
 */
public final class Store {

    private final TreeMap<String, ObjectNode> objects = new TreeMap<>();

    public Optional<ObjectNode> get(String key) {
        return Optional.ofNullable(objects.get(key));
    }

    public List<ObjectNode> list() {
        return new ArrayList<>(objects.values());
    }

    public List<String> keys() {
        return new ArrayList<>(objects.keySet());
    }

    public int size() {
        return objects.size();
    }

    ObjectNode put(String key, ObjectNode object) {
        return objects.put(key, object);
    }

    ObjectNode remove(String key) {
        return objects.remove(key);
    }
}
