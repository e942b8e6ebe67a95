package io.bootsim.apiserver.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One open watch: the store queues its events without ever blocking (upstream's cacheWatcher);
 * the stream side takes them with {@link #deliverNext} and writes them out, either waiting on its
 * own thread or, with {@link #onReady}, told when there is something to take.
 * A watcher whose queue overflows is stopped, as upstream closes watchers that fall behind; the
 * client sees the stream end and watches again from the last resourceVersion it saw.
 */
public final class Watcher {

    private static final WatchEvent END = new WatchEvent(WatchEvent.Type.ERROR, null);

    private final ResourceType type;
    private final String namespace;
    private final LabelSelector labels;
    private final FieldSelector fields;
    private final boolean bookmarks;
    private final WatchDelivery delivery;
    private int capacity;
    private final LinkedBlockingQueue<WatchEvent> queue = new LinkedBlockingQueue<>();
    private boolean stopped;
    private Runnable ready;
    private volatile String client = "";
    private long opened; // its place among the resource's watches, under the store's lock

    Watcher(ResourceType type, String namespace, LabelSelector labels, FieldSelector fields, boolean bookmarks,
            WatchDelivery delivery, int capacity) {
        this.type = type;
        this.namespace = namespace;
        this.labels = labels;
        this.fields = fields;
        this.bookmarks = bookmarks;
        this.delivery = delivery;
        this.capacity = capacity;
    }

    /**
     * Waits up to {@code wait} for the next event and hands it to {@code sink}. Returns false once
     * the watch has ended (stopped, fell behind, or sent its final ERROR) and nothing is left to
     * send; true otherwise, whether or not an event came in time. A failing sink stops the watch.
     */
    public boolean deliverNext(WatchSink sink, Duration wait) throws IOException, InterruptedException {
        WatchEvent event = queue.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
        if (event == null) {
            return !isStopped();
        }
        if (event == END) {
            return false;
        }
        try {
            sink.send(event);
        } catch (IOException | RuntimeException e) {
            delivery.sendFailed();
            stop();
            throw e;
        }
        delivery.handed(client);
        return true;
    }

    /**
     * Calls {@code listener} whenever an event is queued or the watch ends, and now if something is
     * already queued. It runs on the writer's thread, under the store's lock: it must only hand the
     * work on (to a drainer that calls {@link #deliverNext} with no wait), never deliver itself.
     */
    public void onReady(Runnable listener) {
        boolean queued;
        synchronized (this) {
            ready = listener;
            queued = !queue.isEmpty();
        }
        if (queued) {
            listener.run();
        }
    }

    /**
     * Names the client channel the stream writes to (the client's address, host:port, and on h2
     * host:port/stream), so that events handed to it are counted per channel: call before the
     * first {@link #deliverNext}.
     */
    public void deliversTo(String clientAddress) {
        this.client = clientAddress;
    }

    /** Whether {@link #deliverNext} has something to take now: an event, or the end of the watch. */
    public boolean hasQueued() {
        return !queue.isEmpty();
    }

    /** Ends the watch now; queued events are dropped and the stream side sees the end. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        delivery.discarded(queue.size());
        queue.clear();
        queue.add(END);
        signal();
    }

    public synchronized boolean isStopped() {
        return stopped;
    }

    private void signal() {
        if (ready != null) {
            ready.run();
        }
    }

    /** Whether the watch wants {@code object}: same namespace (when scoped) and both selectors match. */
    boolean wants(ObjectNode object) {
        // an empty selector matches everything: no need to read the object's labels or fields
        return (namespace.isEmpty() || namespace.equals(ObjectMeta.namespace(object)))
                && (labels.isEmpty() || labels.matches(ObjectMeta.labels(object)))
                && (fields.isEmpty() || fields.matches(type.fieldSet(object)));
    }

    /** The one object name the field selector allows, if it names one ({@code metadata.name=NAME}). */
    Optional<String> selectedName() {
        return fields.requiresExactMatch("metadata.name");
    }

    void openedAs(long order) {
        opened = order;
    }

    long opened() {
        return opened;
    }

    ResourceType type() {
        return type;
    }

    boolean wantsBookmarks() {
        return bookmarks;
    }

    /** Queues an event without blocking; a watcher that is already {@code capacity} events behind is stopped. */
    synchronized void enqueue(WatchEvent event) {
        if (stopped) {
            return;
        }
        if (queue.size() >= capacity) {
            stop();
            return;
        }
        queue.add(event);
        delivery.queued();
        signal();
    }

    /** Queues the events a new watch starts with; they do not count against the lag bound. */
    synchronized void enqueueInitial(java.util.List<WatchEvent> events) {
        capacity += events.size();
        for (WatchEvent event : events) {
            queue.add(event);
            delivery.queued();
        }
        signal();
    }

    /** Queues a final event (the ERROR of a watch that cannot start) after which the stream ends. */
    synchronized void finishWith(WatchEvent event) {
        queue.add(event);
        delivery.queued();
        stopped = true;
        queue.add(END);
        signal();
    }
}
