package io.bootsim.core.http;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;

import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * What every client of a process shares: the Netty event loops (a few threads for thousands of
 * simulated kubelets, never one per client), the TLS implementation, and the count of watch
 * events that have arrived and been queued to their schedulers. The simulated scheduler compares
 * that count with the apiserver's count of events sent: while they differ, an event is still on
 * the wire and the next step must wait for it. The counts are also kept per open connection (by its
 * local address, which the server sees as the remote one), and on h2 per open stream
 * (host:port/stream): an event the server writes to a connection or stream its client has closed
 * is never queued, and only the connection or stream tells which those are.
 */
public final class ClientNetwork {

    private final EventLoopGroup group;
    private final TlsProvider tls;
    private final AtomicLong queuedWatchEvents = new AtomicLong();
    private final AtomicLong fullHandshakes = new AtomicLong();
    private final UnaryOperator<InetSocketAddress> routes;
    private final boolean realTimeouts;
    private volatile Runnable changeListener = () -> { };
    private final ConcurrentHashMap<String, AtomicLong> open = new ConcurrentHashMap<>();
    private final Set<Channel> connections = ConcurrentHashMap.newKeySet();
    private volatile Consumer<String> openedListener = a -> { };

    public ClientNetwork(EventLoopGroup group, TlsProvider tls) {
        this(group, tls, UnaryOperator.identity());
    }

    /**
     * A network whose dials go where {@code routes} says: a scenario's kubeconfigs name
     * https://10.0.0.1:6443 while its apiserver listens on a free loopback port. TLS still
     * verifies the name the client dialled, as on the real network. A route of null means nothing
     * listens there (a stopped apiserver): the dial is refused, whatever this machine has on the port.
     */
    public ClientNetwork(EventLoopGroup group, TlsProvider tls, UnaryOperator<InetSocketAddress> routes) {
        this(group, tls, routes, true);
    }

    private ClientNetwork(EventLoopGroup group, TlsProvider tls, UnaryOperator<InetSocketAddress> routes,
                          boolean realTimeouts) {
        this.group = group;
        this.tls = tls;
        this.routes = routes;
        this.realTimeouts = realTimeouts;
    }

    /**
     * The network of a simulated world, routed as {@link #ClientNetwork(EventLoopGroup, TlsProvider, UnaryOperator)}
     * says, whose dials and handshakes have no real-time limit: client-go's 30 s dial and 10 s TLS handshake
     * timeouts are client time, and virtual time stands still while a dial is in flight, so neither can run
     * out there. A dial or handshake that never ends is the simulation's bug, which the scheduler's watchdog
     * reports; on real time a loaded machine would put a timeout into one run's trace and not another's.
     */
    public static ClientNetwork simulated(EventLoopGroup group, TlsProvider tls, UnaryOperator<InetSocketAddress> routes) {
        return new ClientNetwork(group, tls, routes, false);
    }

    /** Whether dials and TLS handshakes give up after client-go's real-time limits (not in a simulated world). */
    boolean realTimeouts() {
        return realTimeouts;
    }

    /** Where a dial to {@code host:port} really goes; null if nothing listens there. */
    InetSocketAddress route(String host, int port) {
        return routes.apply(InetSocketAddress.createUnresolved(host, port));
    }

    public EventLoopGroup group() {
        return group;
    }

    public TlsProvider tls() {
        return tls;
    }

    /**
     * Full TLS handshakes of this network's clients so far, counted as the checks of the server's chain that only
     * a full handshake makes (a resumed session would make none); clients that skip verification are not counted.
     */
    public long fullHandshakes() {
        return fullHandshakes.get();
    }

    void fullHandshake() {
        fullHandshakes.incrementAndGet();
    }

    /** Watch events received and handed to a scheduler so far, by all clients of this network. */
    public long queuedWatchEvents() {
        return queuedWatchEvents.get();
    }

    /**
     * Runs {@code listener} (on a network thread) after every change of {@link #queuedWatchEvents} and
     * after a dialled connection closes: a simulated scheduler waiting for either wakes then instead of
     * polling.
     */
    public void onChange(Runnable listener) {
        this.changeListener = listener;
    }

    /** The local addresses (host:port) of the connections open now. */
    public Set<String> openConnections() {
        return Set.copyOf(open.keySet());
    }

    /** Watch events queued from the connection at {@code localAddress} since it opened; -1 if it is not open. */
    public long queuedWatchEvents(String localAddress) {
        AtomicLong count = open.get(localAddress);
        return count == null ? -1 : count.get();
    }

    /**
     * Runs {@code listener} (on a network thread) with the local address of each connection as it
     * opens, before anything is sent on it: a later connection may reuse a closed one's port.
     */
    public void onConnectionOpened(Consumer<String> listener) {
        this.openedListener = listener;
    }

    /** Counts {@code connection} (a dialled TCP connection) as open until this side has seen it close. */
    void dialled(Channel connection) {
        connections.add(connection);
        connection.closeFuture().addListener(f -> {
            connections.remove(connection);
            changeListener.run();
        });
    }

    /**
     * Whether a connection to loopback port {@code port} is still open on this side. A server that
     * stopped has closed its end, but a client learns it on its network thread, later: until then it
     * would still send a request on the connection, and lose it with "unexpected EOF".
     */
    public boolean connectedToPort(int port) {
        return connections.stream().anyMatch(c -> c.remoteAddress() instanceof InetSocketAddress remote
                && remote.getPort() == port);
    }

    void connectionOpened(String localAddress) {
        openedListener.accept(localAddress); // first: a waiting scheduler may look at it as soon as it is open
        open.put(localAddress, new AtomicLong());
    }

    void connectionClosed(String localAddress) {
        open.remove(localAddress);
        changeListener.run(); // what was still owed to it will never come
    }

    void watchEventQueued(String localAddress) {
        AtomicLong count = open.get(localAddress);
        if (count != null) {
            count.incrementAndGet();
        }
        queuedWatchEvents.incrementAndGet();
        changeListener.run();
    }
}
