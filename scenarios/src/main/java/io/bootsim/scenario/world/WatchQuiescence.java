package io.bootsim.scenario.world;

import io.bootsim.apiserver.storage.Store;
import io.bootsim.core.http.ClientNetwork;

import java.util.function.Supplier;

/**
 * Whether every watch event the apiserver wrote has been queued by a client. The store outlives
 * apiserver restarts (a stopping apiserver ends its watches first), so both counts run for the
 * whole scenario. A stream a client
 * closed may still take one write before the server notices, and that event is never queued: when
 * the counts stop moving for {@link #LOST_AFTER_NANOS} of real time with nothing pending, the
 * difference is taken as lost to closed streams (a loopback event takes microseconds, not seconds).
 */
final class WatchQuiescence {

    // generous on purpose: on a loaded machine a loopback event can take well over 200 ms, and
    // declaring it lost too early would let the scheduler move on and change the trace
    private static final long LOST_AFTER_NANOS = 3_000_000_000L;

    private final Supplier<Store> store;
    private final ClientNetwork network;
    private long lost;
    private long lastHanded = -1;
    private long lastQueued = -1;
    private long stableSince;

    WatchQuiescence(Supplier<Store> store, ClientNetwork network) {
        this.store = store;
        this.network = network;
    }

    boolean settled() {
        Store s = store.get();
        if (s == null) {
            return true;
        }
        long handed = s.watchEventsHanded();
        long queued = network.queuedWatchEvents();
        if (s.watchEventsPending() == 0 && handed - lost == queued) {
            return true;
        }
        long now = System.nanoTime(); // real time: a watchdog on lost events, not logic
        if (handed != lastHanded || queued != lastQueued) {
            lastHanded = handed;
            lastQueued = queued;
            stableSince = now;
            return false;
        }
        if (s.watchEventsPending() == 0 && handed - lost > queued && now - stableSince > LOST_AFTER_NANOS) {
            lost = handed - queued;
            return true;
        }
        return false;
    }
}
