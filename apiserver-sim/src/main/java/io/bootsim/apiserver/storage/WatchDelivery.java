package io.bootsim.apiserver.storage;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the store's watch events: queued for a watcher, handed to a stream, or discarded with a
 * stopped watcher. The simulated scheduler waits until nothing is pending before it moves on.
 */
final class WatchDelivery {

    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong handed = new AtomicLong();
    private final AtomicLong discarded = new AtomicLong();

    void queued() {
        queued.incrementAndGet();
    }

    void handed() {
        handed.incrementAndGet();
    }

    void discarded(long count) {
        discarded.addAndGet(count);
    }

    long handedCount() {
        return handed.get();
    }

    long pending() {
        return queued.get() - handed.get() - discarded.get();
    }
}
