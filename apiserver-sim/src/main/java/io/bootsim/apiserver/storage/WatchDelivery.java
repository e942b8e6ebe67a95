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
    private volatile Runnable listener = () -> { };

    /** Runs {@code listener} after every event handed or discarded: what a waiting scheduler waits for. */
    void onChange(Runnable listener) {
        this.listener = listener;
    }

    void queued() {
        queued.incrementAndGet();
    }

    void handed() {
        handed.incrementAndGet();
        listener.run();
    }

    void discarded(long count) {
        discarded.addAndGet(count);
        listener.run();
    }

    long handedCount() {
        return handed.get();
    }

    long pending() {
        return queued.get() - handed.get() - discarded.get();
    }
}
