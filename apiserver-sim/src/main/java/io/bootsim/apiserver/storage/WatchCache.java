package io.bootsim.apiserver.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.bootsim.core.time.Clock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The bounded history of one resource's changes (upstream's watchCache ring buffer). It serves
 * watches that start from an older resourceVersion, and lists and continue tokens at an older
 * resourceVersion, by rolling the current state back. Below {@link #floor()} the history is
 * incomplete: the resourceVersion is "too old". Sized as upstream sizes it: from 100 changes, doubled
 * (up to 102,400) while the oldest is younger than 75 s at the store's clock, halved when the newest
 * quarter is older, so a burst of writes does not push a watch that started from a list a few seconds
 * earlier out of the window.
 */
// upstream: staging/src/k8s.io/apiserver/pkg/storage/cacher/watch_cache.go (updateCache, resizeCacheLocked,
// defaultLowerBoundCapacity, defaultUpperBoundCapacity), cacher.go (DefaultEventFreshDuration)
final class WatchCache {

    /** One change: {@code object} is the new state (for DELETED, the last state at the delete's RV). */
    record Change(long resourceVersion, WatchEvent.Type type, String key, ObjectNode object, ObjectNode previous) {
    }

    static final int LOWER_BOUND = 100;
    static final int UPPER_BOUND = 100 * 1024;
    static final Duration EVENT_FRESH = Duration.ofSeconds(75);

    private final int lowerBound;
    private final int upperBound;
    private final Clock clock;
    private Change[] cache;
    private Instant[] recorded;
    private int capacity;
    private long start; // cache[start % capacity] .. cache[(end - 1) % capacity], oldest first
    private long end;
    private long floor;

    private WatchCache(int lowerBound, int upperBound, Clock clock) {
        this.lowerBound = lowerBound;
        this.upperBound = upperBound;
        this.clock = clock;
        this.capacity = lowerBound;
        this.cache = new Change[capacity];
        this.recorded = new Instant[capacity];
    }

    /** Upstream's history: 100 changes, growing with the write rate. */
    static WatchCache sized(Clock clock) {
        return new WatchCache(LOWER_BOUND, UPPER_BOUND, clock);
    }

    /** A history of exactly {@code capacity} changes, whatever the rate (tests of its edge). */
    static WatchCache fixed(int capacity, Clock clock) {
        return new WatchCache(capacity, capacity, clock);
    }

    void add(Change change) {
        Instant now = clock.now();
        resize(now);
        boolean evicting = end == start + capacity;
        if (evicting) {
            cache[index(start++)] = null;
        }
        cache[index(end)] = change;
        recorded[index(end)] = now;
        end++;
        if (evicting) {
            // upstream: oldest retained event's RV minus one
            floor = cache[index(start)].resourceVersion() - 1;
        }
    }

    private void resize(Instant now) {
        if (end != start + capacity) {
            return;
        }
        if (Duration.between(recorded[index(start)], now).compareTo(EVENT_FRESH) < 0) {
            resizeTo(Math.min(capacity * 2, upperBound));
        } else if (Duration.between(recorded[index(end - capacity / 4)], now).compareTo(EVENT_FRESH) > 0) {
            resizeTo(Math.max(capacity / 2, lowerBound));
        }
    }

    /** Keeps the newest changes that fit {@code size}. */
    private void resizeTo(int size) {
        if (size == capacity) {
            return;
        }
        Change[] c = new Change[size];
        Instant[] t = new Instant[size];
        long from = Math.max(start, end - size);
        for (long i = from; i < end; i++) {
            c[(int) (i % size)] = cache[index(i)];
            t[(int) (i % size)] = recorded[index(i)];
        }
        cache = c;
        recorded = t;
        capacity = size;
        if (from > start) {
            start = from;
            floor = cache[index(start)].resourceVersion() - 1;
        }
    }

    private int index(long position) {
        return (int) (position % capacity);
    }

    /** How many changes the history can hold now. */
    int capacity() {
        return capacity;
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
        long lo = start;
        long hi = end;
        while (lo < hi) { // the first change after resourceVersion: RVs grow along the buffer
            long mid = (lo + hi) >>> 1;
            if (cache[index(mid)].resourceVersion() > resourceVersion) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        List<Change> out = new ArrayList<>((int) (end - lo));
        for (long i = lo; i < end; i++) {
            out.add(cache[index(i)]);
        }
        return out;
    }

    /** The objects as they were at {@code resourceVersion}, rebuilt from {@code current}; the caller checks {@link #covers} first. */
    NavigableMap<String, ObjectNode> stateAt(long resourceVersion, NavigableMap<String, ObjectNode> current) {
        TreeMap<String, ObjectNode> state = new TreeMap<>(current);
        for (long i = end - 1; i >= start; i--) {
            Change c = cache[index(i)];
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
