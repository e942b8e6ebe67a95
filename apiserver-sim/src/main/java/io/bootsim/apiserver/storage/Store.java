package io.bootsim.apiserver.storage;

import io.bootsim.core.api.StatusException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.function.UnaryOperator;

/**
 * The storage the API handlers call (upstream: the generic registry store over storage.Interface).
 * Objects go in and come out as JSON; every failure is a {@link StatusException} carrying the
 * Status to send. {@code namespace} is "" for cluster-scoped resources, and "" in a list, watch
 * or deletecollection of a namespaced resource means all namespaces. Returned objects are copies.
 */
public interface Store {

    /** POST: fills name (from generateName), uid, creationTimestamp and resourceVersion; 409 AlreadyExists. */
    ObjectNode create(ResourceType type, String namespace, ObjectNode object);

    /** GET of one object; 404 NotFound. */
    ObjectNode get(ResourceType type, String namespace, String name);

    /** GET of a collection: selectors, resourceVersion semantics, limit/continue paging. */
    ObjectList list(ResourceType type, String namespace, ListOptions options);

    /**
     * PUT: optimistic concurrency on metadata.resourceVersion (409 Conflict when stale; empty means
     * unconditional); creates the object when the type allows create-on-update, else 404.
     */
    WriteResult update(ResourceType type, String namespace, String name, ObjectNode object);

    /**
     * Read-modify-write of one object as one atomic step (upstream GuaranteedUpdate): {@code tryUpdate}
     * gets a copy of the current object and returns the object to store, or throws a StatusException.
     */
    ObjectNode guaranteedUpdate(ResourceType type, String namespace, String name, UnaryOperator<ObjectNode> tryUpdate);

    /** PATCH with one of the {@link PatchType}s; 404 when the object does not exist. */
    ObjectNode patch(ResourceType type, String namespace, String name, PatchType patchType, String body);

    /** DELETE, honouring preconditions (409 Conflict) and finalizers (only marks the object). */
    DeleteResult delete(ResourceType type, String namespace, String name, Preconditions preconditions);

    /** DELETE of a collection: deletes every object the selectors match; returns them as they were. */
    ObjectList deleteCollection(ResourceType type, String namespace, ListOptions options);

    /**
     * Opens a watch. A resourceVersion older than the kept history gives a watch whose only event is
     * the ERROR with the 410 Status; one newer than the store's is a 504 StatusException.
     */
    Watcher watch(ResourceType type, String namespace, WatchOptions options);

    /** Sends a BOOKMARK with the current resourceVersion to every watch that allows bookmarks. */
    void sendBookmarks();

    /** The newest resourceVersion, as a string. */
    String currentResourceVersion();

    /** Watch events queued for a stream but not yet handed to it; 0 means every event is delivered. */
    long watchEventsPending();

    /** Watch events handed to streams so far. */
    long watchEventsHanded();

    /**
     * Watch events whose send failed as their client went away: discarded, though some may have reached
     * the client, which can then have received up to this many more events than were handed.
     */
    long watchEventsUnconfirmed();

    /** Watch events handed so far to streams on the connection from {@code clientAddress} (host:port). */
    long watchEventsHandedTo(String clientAddress);

    /**
     * Runs {@code listener} (on the thread that changed it) whenever {@link #watchEventsHanded} or
     * {@link #watchEventsPending} may have moved towards quiescence: a simulated scheduler's wake-up.
     */
    void onWatchDelivery(Runnable listener);
}
