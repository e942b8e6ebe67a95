package io.bootsim.scenario.world;

import io.bootsim.apiserver.storage.Store;
import io.bootsim.core.http.ClientNetwork;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Whether every watch event the apiserver wrote has been queued by its client, counted per client
 * connection, and on h2 per stream: the apiserver counts what it handed to each remote address
 * (host:port, or host:port/stream), the client network what it queued from each open connection or
 * stream, so several watches on one h2 connection balance one by one, and a watch whose stream its
 * client reset stops counting while the connection goes on. A connection its client closed is no longer asked about:
 * the server may still write an event to it before it notices (it notices only when a write
 * fails), and that event is lost, exactly as on a real network. The store outlives apiserver
 * restarts, so its counts run for the whole scenario.
 */
final class WatchQuiescence {

    private final Supplier<Store> store;
    private final ClientNetwork network;
    /**
     * Per connection, what the server had handed to its address when it opened: a new connection
     * may reuse the port of one whose client closed it, whose lost events stay counted there. The
     * old connection's count is final by then: the kernel gives the port out again only after the
     * server's end of the old connection is gone, and once gone no write to it can succeed.
     */
    private final Map<String, Long> handedBefore = new ConcurrentHashMap<>();

    WatchQuiescence(Supplier<Store> store, ClientNetwork network) {
        this.store = store;
        this.network = network;
        network.onConnectionOpened(address -> {
            Store s = store.get();
            handedBefore.put(address, s == null ? 0 : s.watchEventsHandedTo(address));
        });
    }

    boolean settled() {
        Store s = store.get();
        if (s == null) {
            return true;
        }
        if (s.watchEventsPending() != 0) {
            return false;
        }
        for (String connection : network.openConnections()) {
            long queued = network.queuedWatchEvents(connection);
            if (queued >= 0 && s.watchEventsHandedTo(connection) - handedBefore.getOrDefault(connection, 0L) != queued) {
                return false;
            }
        }
        return true;
    }
}
