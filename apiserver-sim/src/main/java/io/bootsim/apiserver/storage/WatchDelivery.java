package io.bootsim.apiserver.storage;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the store's watch events: queued for a watcher, handed to a stream, or discarded with a
 * stopped watcher or a failed send. A send fails when the client goes away, sometimes after the
 * event's bytes reached it: those are counted apart as unconfirmed, so that a client may have
 * received up to that many more events than were handed. The simulated scheduler waits until nothing is pending before it moves on, and
 * compares what each client connection was handed with what its client queued.
 */
final class WatchDelivery {

    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong handed = new AtomicLong();
    private final AtomicLong discarded = new AtomicLong();
    private final AtomicLong unconfirmed = new AtomicLong();
    private final ConcurrentHashMap<String, AtomicLong> handedTo = new ConcurrentHashMap<>();
    private volatile Runnable listener = () -> { };

    /** Runs {@code listener} after every event handed or discarded: what a waiting scheduler waits for. */
    void onChange(Runnable listener) {
        this.listener = listener;
    }

    void queued() {
        queued.incrementAndGet();
    }

    /** @param client the address of the stream's client connection, "" when unknown */
    void handed(String client) {
        // Per client first: once the total shows the event handed (nothing pending), its client's
        // count must show it too, or a scheduler reading both in between would see every client
        // even and move on while the event is still on the wire.
        if (!client.isEmpty()) {
            handedTo.computeIfAbsent(client, c -> new AtomicLong()).incrementAndGet();
        }
        handed.incrementAndGet();
        listener.run();
    }

    void discarded(long count) {
        discarded.addAndGet(count);
        listener.run();
    }

    /** An event whose send failed: discarded, though the client may have received it. */
    void sendFailed() {
        unconfirmed.incrementAndGet();
        discarded(1);
    }

    long unconfirmedCount() {
        return unconfirmed.get();
    }

    long handedCount() {
        return handed.get();
    }

    long handedTo(String client) {
        AtomicLong count = handedTo.get(client);
        return count == null ? 0 : count.get();
    }

    long pending() {
        return queued.get() - handed.get() - discarded.get();
    }
}
