/**
 * kube-apiserver's storage: objects as JSON, one global resourceVersion, watches.
 *
 * <p>Every write takes the next value of a single counter, as etcd's revision, and stores it in
 * metadata.resourceVersion; an update or patch carrying an older resourceVersion fails with the
 * 409 Conflict upstream sends, and a write that changes nothing is not a write. Creates fill
 * name (from generateName), uid and creationTimestamp from the injected randomness and Clock.
 * Lists filter by label and field selector and page with opaque continue tokens that read the
 * list at the first page's resourceVersion. Watches start from "" or "0" with a synthetic ADDED
 * per object, or after a given resourceVersion from a bounded per-resource history; older than
 * the history is the 410 "too old resource version" ERROR event. A filtered watch sees an object
 * that starts matching as ADDED and one that stops matching as DELETED, as upstream's cacher.
 * Watch events are queued per watcher without blocking the writer and counted, so the simulated
 * scheduler can wait until every event has been handed to its stream.
 */
package io.bootsim.apiserver.storage;
