package io.bootsim.core.http;

import io.netty.channel.EventLoopGroup;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

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
    private final UnaryOperator<InetSocketAddress> routes;
    private volatile Runnable watchEventListener = () -> { };

    public ClientNetwork(EventLoopGroup group, TlsProvider tls) {
        this(group, tls, UnaryOperator.identity());
    }

    /**
     * A network whose dials go where {@code routes} says: a scenario's kubeconfigs name
     * https://10.0.0.1:6443 while its apiserver listens on a free loopback port. TLS still
     * verifies the name the client dialled, as on the real network.
     */
    public ClientNetwork(EventLoopGroup group, TlsProvider tls, UnaryOperator<InetSocketAddress> routes) {
        this.group = group;
        this.tls = tls;
        this.routes = routes;
    }

    /** Where a dial to {@code host:port} really goes. */
    InetSocketAddress route(String host, int port) {
        return routes.apply(InetSocketAddress.createUnresolved(host, port));
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

    /**
     * Runs {@code listener} (on a network thread) after every change of {@link #queuedWatchEvents}:
     * a simulated scheduler waiting for the count wakes then instead of polling.
     */
    public void onWatchEventQueued(Runnable listener) {
        this.watchEventListener = listener;
    }

    void watchEventQueued() {
        queuedWatchEvents.incrementAndGet();
        watchEventListener.run();
    }
}
