package io.bootsim.core.http;

import io.netty.channel.EventLoopGroup;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What every client of a process shares: the Netty event loops (a few threads for thousands of
 * simulated kubelets, never one per client), the TLS implementation, and the count of watch
 * events that have arrived and been queued to their schedulers. The simulated scheduler compares
 * that count with the apiserver's count of events sent: while they differ, an event is still on
 * the wire and the next step must wait for it.
 */
public final class ClientNetwork {

    private final EventLoopGroup group;
    private final TlsProvider tls;
    private final AtomicLong queuedWatchEvents = new AtomicLong();

    public ClientNetwork(EventLoopGroup group, TlsProvider tls) {
        this.group = group;
        this.tls = tls;
    }

    public EventLoopGroup group() {
        return group;
    }

    public TlsProvider tls() {
        return tls;
    }

    /** Watch events received and handed to a scheduler so far, by all clients of this network. */
    public long queuedWatchEvents() {
        return queuedWatchEvents.get();
    }

    void watchEventQueued() {
        queuedWatchEvents.incrementAndGet();
    }
}
