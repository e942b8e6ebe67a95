package io.bootsim.apiserver.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The bounded history of one resource's changes (upstream's watchCache ring buffer). It serves
 * watches that start from an older resourceVersion, and lists and continue tokens at an older
 * resourceVersion, by rolling the current state back. Below {@link #floor()} the history is
 * incomplete: the resourceVersion is "too old".
 */
final class WatchCache {

    /** One change: {@code object} is the new state (for DELETED, the last state at the delete's RV). */
    record Change(long resourceVersion, WatchEvent.Type type, String key, ObjectNode object, ObjectNode previous) {
    }

    private final int capacity;
    private final ArrayDeque<Change> changes = new ArrayDeque<>();
    private long floor;

    WatchCache(int capacity) {
        this.capacity = capacity;
    }

    void add(Change change) {
        changes.addLast(change);
        if (changes.size() > capacity) {
            changes.removeFirst();
            // upstream: oldest retained event's RV minus one
            floor = changes.getFirst().resourceVersion() - 1;
        }
    }

    /** The lowest resourceVersion from which the history is complete. */
    long floor() {
        return floor;
    }

    boolean covers(long resourceVersion) {
        return resourceVersion >= floor;
    }

    /** The changes after {@code resourceVersion}, oldest first; the caller checks {@link #covers} first. */
    List<Change> since(long resourceVersion) {
        List<Change> out = new ArrayList<>();
        for (Change c : changes) {
            if (c.resourceVersion() > resourceVersion) {
                out.add(c);
            }
        }
        return out;
    }

    /** The objects as they were at {@code resourceVersion}, rebuilt from {@code current}; the caller checks {@link #covers} first. */
    NavigableMap<String, ObjectNode> stateAt(long resourceVersion, NavigableMap<String, ObjectNode> current) {
        TreeMap<String, ObjectNode> state = new TreeMap<>(current);
        Iterator<Change> newestFirst = changes.descendingIterator();
        while (newestFirst.hasNext()) {
            Change c = newestFirst.next();
            if (c.resourceVersion() <= resourceVersion) {
                break;
            }
            if (c.type() == WatchEvent.Type.ADDED) {
                state.remove(c.key());
            } else {
                state.put(c.key(), c.previous());
            }
        }
        return state;
    }
}
