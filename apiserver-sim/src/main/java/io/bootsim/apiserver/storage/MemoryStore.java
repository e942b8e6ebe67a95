package io.bootsim.apiserver.storage;

import io.bootsim.core.api.StatusException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;
import io.bootsim.core.api.Status;
import io.bootsim.core.random.RandomStreams;
import io.bootsim.core.time.Clock;
import io.bootsim.core.version.KubeVersion;

import java.security.SecureRandom;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The in-memory {@link Store}: one lock orders every write and gives it the next value of a single
 * global resourceVersion counter, as etcd's revision does. Each resource keeps its objects in key
 * order and a bounded {@link WatchCache}; watchers get their events queued under the same lock, so
 * every watcher sees writes in resourceVersion order, and a write never waits for a watcher.
 */
public final class MemoryStore implements Store {

    /** Events a watcher may fall behind before it is closed. */
    public static final int DEFAULT_WATCH_QUEUE = 1000;

    private static final String MODIFIED = "the object has been modified; please apply your changes to the latest version and try again";

    private final Clock clock;
    private final SecureRandom uids;
    private final NameGenerator names;
    private final KubeVersion version;
    private final Supplier<WatchCache> histories;
    private final int watchQueueCapacity;
    private final WatchDelivery delivery = new WatchDelivery();

    private final Object lock = new Object();
    private final Map<String, Resource> resources = new HashMap<>();
    private long resourceVersion;

    /** One resource's objects (keyed "namespace/name" or "name"), history and watchers. */
    private static final class Resource {
        final TreeMap<String, ObjectNode> objects = new TreeMap<>();
        final WatchCache history;
        final Watchers watchers = new Watchers();

        Resource(WatchCache history) {
            this.history = history;
        }
    }

    /** @param random the apiserver's streams; uids come from "uid", generated names from "generateName" */
    public MemoryStore(Clock clock, RandomStreams random, KubeVersion version) {
        this(clock, random, version, () -> WatchCache.sized(clock), DEFAULT_WATCH_QUEUE);
    }

    /** A store whose history per resource is exactly {@code historyCapacity} changes, whatever the write rate. */
    public MemoryStore(Clock clock, RandomStreams random, KubeVersion version, int historyCapacity, int watchQueueCapacity) {
        this(clock, random, version, () -> WatchCache.fixed(historyCapacity, clock), watchQueueCapacity);
    }

    private MemoryStore(Clock clock, RandomStreams random, KubeVersion version, Supplier<WatchCache> histories,
                        int watchQueueCapacity) {
        this.clock = clock;
        this.uids = random.stream("uid");
        this.names = new NameGenerator(random.stream("generateName"));
        this.version = version;
        this.histories = histories;
        this.watchQueueCapacity = watchQueueCapacity;
    }

    @Override
    public ObjectNode create(ResourceType type, String namespace, ObjectNode object) {
        ObjectNode candidate = object.deepCopy();
        checkNamespace(type, namespace, candidate);
        if (!ObjectMeta.resourceVersion(candidate).isEmpty()) {
            throw new StatusException(Status.badRequest("resourceVersion should not be set on objects to be created"));
        }
        synchronized (lock) {
            return insert(type, resource(type), namespace, candidate).deepCopy();
        }
    }

    @Override
    public ObjectNode get(ResourceType type, String namespace, String name) {
        synchronized (lock) {
            ObjectNode current = resource(type).objects.get(key(type, namespace, name));
            if (current == null) {
                throw new StatusException(Status.notFound(type.group(), type.resource(), name));
            }
            return current.deepCopy();
        }
    }

    @Override
    public ObjectList list(ResourceType type, String namespace, ListOptions options) {
        LabelSelector labels = LabelSelector.parse(options.labelSelector());
        FieldSelector fields = FieldSelector.parse(options.fieldSelector(), type);
        if (!options.continueToken().isEmpty() && !options.resourceVersion().isEmpty()
                && !options.resourceVersion().equals("0")) {
            // upstream: apimachinery/pkg/apis/meta/internalversion/validation ValidateListOptions
            throw new StatusException(Status.invalid("meta.k8s.io", "ListOptions", "", List.of(new Status.Cause(
                    "FieldValueForbidden", "Forbidden: specifying resource version is not allowed when using continue",
                    "resourceVersion"))));
        }
        String prefix = prefix(type, namespace);
        synchronized (lock) {
            Resource r = resource(type);
            long readAt = resourceVersion;
            NavigableMap<String, ObjectNode> state = r.objects;
            String from = prefix;
            if (!options.continueToken().isEmpty()) {
                ContinueToken token = ContinueToken.decode(options.continueToken());
                from = prefix + token.startKey();
                if (token.resourceVersion() > 0) {
                    if (!r.history.covers(token.resourceVersion())) {
                        // upstream: etcd3 store on a compacted revision; the new token continues inconsistently
                        throw new StatusException(Status.resourceExpired("The provided continue parameter is too old to "
                                + "display a consistent list result. You can start a new list without the continue "
                                + "parameter, or use the continue token in this response to retrieve the remainder of "
                                + "the results. Continuing with the provided token results in an inconsistent list - "
                                + "objects that were created, modified, or deleted between the time the first chunk "
                                + "was returned and now may show up in the list.",
                                new ContinueToken(-1, token.startKey()).encode()));
                    }
                    readAt = token.resourceVersion();
                    state = r.history.stateAt(readAt, r.objects);
                }
            } else if (!options.resourceVersion().isEmpty() && !options.resourceVersion().equals("0")) {
                long requested = parseResourceVersion(options.resourceVersion());
                checkNotTooLarge(requested);
                if (options.resourceVersionMatch().equals("Exact")) {
                    if (!r.history.covers(requested)) {
                        throw new StatusException(Status.resourceExpired("The resourceVersion for the provided list is too old."));
                    }
                    readAt = requested;
                    state = r.history.stateAt(requested, r.objects);
                }
            }
            return page(type, state, prefix, from, readAt, labels, fields, options.limit());
        }
    }

    private ObjectList page(ResourceType type, NavigableMap<String, ObjectNode> state, String prefix, String from,
                            long readAt, LabelSelector labels, FieldSelector fields, long limit) {
        Optional<String> name = fields.requiresExactMatch("metadata.name");
        if (name.isPresent() && (!type.namespaced() || !prefix.isEmpty()) && limit != 1) {
            // one key, as upstream's registry narrows such a list (generic/registry/store.go ListPredicate,
            // MatchesSingle): a kubelet's list of its own CSR then costs no scan of every node's. The scan below
            // would find the same object or none, and with a limit other than 1 it would set no continue token.
            String key = prefix + name.get();
            ObjectNode o = key.compareTo(from) >= 0 ? state.get(key) : null;
            List<ObjectNode> items = o != null && labels.matches(ObjectMeta.labels(o)) && fields.matches(type.fieldSet(o))
                    ? List.of(o.deepCopy()) : List.of();
            return new ObjectList(items, Long.toString(readAt), "", null);
        }
        List<ObjectNode> items = new ArrayList<>();
        String lastKey = null;
        long remaining = 0;
        boolean more = false;
        for (Map.Entry<String, ObjectNode> e : state.tailMap(from, true).entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                break;
            }
            if (more) {
                remaining++;
                continue;
            }
            ObjectNode o = e.getValue();
            if (labels.matches(ObjectMeta.labels(o)) && fields.matches(type.fieldSet(o))) {
                items.add(o.deepCopy());
                lastKey = e.getKey();
                if (limit > 0 && items.size() == limit) {
                    more = true;
                }
            }
        }
        more = more && remaining > 0;
        if (!more) {
            return new ObjectList(items, Long.toString(readAt), "", null);
        }
        String token = new ContinueToken(readAt, lastKey.substring(prefix.length()) + "\u0000").encode();
        // upstream counts what remains only when nothing is filtered (storage.PrepareContinueToken)
        Long count = labels.isEmpty() && fields.isEmpty() ? remaining : null;
        return new ObjectList(items, Long.toString(readAt), token, count);
    }

    @Override
    public WriteResult update(ResourceType type, String namespace, String name, ObjectNode object) {
        ObjectNode candidate = object.deepCopy();
        checkNamespace(type, namespace, candidate);
        checkName(candidate, name);
        synchronized (lock) {
            Resource r = resource(type);
            ObjectNode existing = r.objects.get(key(type, namespace, name));
            if (existing == null) {
                if (!type.allowCreateOnUpdate() || !ObjectMeta.resourceVersion(candidate).isEmpty()) {
                    throw new StatusException(Status.notFound(type.group(), type.resource(), name));
                }
                return new WriteResult(insert(type, r, namespace, candidate).deepCopy(), true);
            }
            return new WriteResult(replace(type, r, existing, candidate).deepCopy(), false);
        }
    }

    @Override
    public ObjectNode guaranteedUpdate(ResourceType type, String namespace, String name, UnaryOperator<ObjectNode> tryUpdate) {
        synchronized (lock) {
            Resource r = resource(type);
            ObjectNode existing = r.objects.get(key(type, namespace, name));
            if (existing == null) {
                throw new StatusException(Status.notFound(type.group(), type.resource(), name));
            }
            ObjectNode candidate = tryUpdate.apply(existing.deepCopy());
            checkNamespace(type, namespace, candidate);
            checkName(candidate, name);
            return replace(type, r, existing, candidate).deepCopy();
        }
    }

    @Override
    public ObjectNode patch(ResourceType type, String namespace, String name, PatchType patchType, String body) {
        return guaranteedUpdate(type, namespace, name, current -> patchType.patch(current, body, type.patchSchema()));
    }

    @Override
    public DeleteResult delete(ResourceType type, String namespace, String name, Preconditions preconditions) {
        synchronized (lock) {
            Resource r = resource(type);
            ObjectNode existing = r.objects.get(key(type, namespace, name));
            if (existing == null) {
                throw new StatusException(Status.notFound(type.group(), type.resource(), name));
            }
            check(type, existing, "UID", preconditions.uid(), ObjectMeta.uid(existing));
            check(type, existing, "ResourceVersion", preconditions.resourceVersion(), ObjectMeta.resourceVersion(existing));
            return remove(type, r, existing);
        }
    }

    @Override
    public ObjectList deleteCollection(ResourceType type, String namespace, ListOptions options) {
        LabelSelector labels = LabelSelector.parse(options.labelSelector());
        FieldSelector fields = FieldSelector.parse(options.fieldSelector(), type);
        String prefix = prefix(type, namespace);
        synchronized (lock) {
            Resource r = resource(type);
            ObjectList matching = page(type, r.objects, prefix, prefix, resourceVersion, labels, fields, 0);
            List<ObjectNode> deleted = new ArrayList<>();
            for (ObjectNode item : matching.items()) {
                ObjectNode existing = r.objects.get(key(type, ObjectMeta.namespace(item), ObjectMeta.name(item)));
                deleted.add(remove(type, r, existing).object());
            }
            return new ObjectList(deleted, matching.resourceVersion(), "", null);
        }
    }

    @Override
    public Watcher watch(ResourceType type, String namespace, WatchOptions options) {
        LabelSelector labels = LabelSelector.parse(options.labelSelector());
        FieldSelector fields = FieldSelector.parse(options.fieldSelector(), type);
        Watcher watcher = new Watcher(type, type.namespaced() && namespace != null ? namespace : "", labels, fields,
                options.allowWatchBookmarks(), delivery, watchQueueCapacity);
        String rv = options.resourceVersion();
        synchronized (lock) {
            Resource r = resource(type);
            List<WatchEvent> initial = new ArrayList<>();
            if (rv.isEmpty() || rv.equals("0")) {
                // "Get State and Start at Any/Most Recent": a synthetic ADDED for every current object
                String prefix = prefix(type, namespace);
                r.objects.tailMap(prefix, true).forEach((k, o) -> {
                    if (k.startsWith(prefix) && watcher.wants(o)) {
                        initial.add(new WatchEvent(WatchEvent.Type.ADDED, o));
                    }
                });
            } else {
                long from = parseResourceVersion(rv);
                checkNotTooLarge(from);
                if (!r.history.covers(from)) {
                    // upstream: cacher watch_cache.go; the error is the stream's only event
                    String message = "too old resource version: " + from + " (" + r.history.floor() + ")";
                    Status gone = version.atLeast(1, 17) ? Status.resourceExpired(message) : Status.gone(message);
                    watcher.finishWith(new WatchEvent(WatchEvent.Type.ERROR, Json.mapper().valueToTree(gone)));
                    return watcher;
                }
                // a watch that names its object skips other objects' changes unread, as record() does: a
                // stampede's kubelets each replay the history since their list, thousands of changes each
                String only = watcher.selectedName().orElse(null);
                for (WatchCache.Change c : r.history.since(from)) {
                    if (only != null && !only.equals(ObjectMeta.name(c.object()))) {
                        continue;
                    }
                    WatchEvent event = eventFor(watcher, c);
                    if (event != null) {
                        initial.add(event);
                    }
                }
            }
            watcher.enqueueInitial(initial);
            r.watchers.add(watcher);
            return watcher;
        }
    }

    @Override
    public void sendBookmarks() {
        synchronized (lock) {
            for (Map.Entry<String, Resource> e : resources.entrySet()) {
                e.getValue().watchers.forEachOpen(w -> {
                    if (w.wantsBookmarks()) {
                        w.enqueue(new WatchEvent(WatchEvent.Type.BOOKMARK, bookmark(w)));
                    }
                });
            }
        }
    }

    /** Ends every open watch (the apiserver that served them stops); the objects stay. */
    public void stopWatches() {
        synchronized (lock) {
            for (Resource r : resources.values()) {
                r.watchers.forEachOpen(Watcher::stop);
                r.watchers.clear();
            }
        }
    }

    @Override
    public String currentResourceVersion() {
        synchronized (lock) {
            return Long.toString(resourceVersion);
        }
    }

    @Override
    public long watchEventsPending() {
        return delivery.pending();
    }

    @Override
    public long watchEventsHanded() {
        return delivery.handedCount();
    }

    @Override
    public long watchEventsUnconfirmed() {
        return delivery.unconfirmedCount();
    }

    @Override
    public long watchEventsHandedTo(String clientAddress) {
        return delivery.handedTo(clientAddress);
    }

    @Override
    public void onWatchDelivery(Runnable listener) {
        delivery.onChange(listener);
    }

    // ---- writes; all run under the lock ----

    private ObjectNode insert(ResourceType type, Resource r, String namespace, ObjectNode candidate) {
        ObjectNode meta = ObjectMeta.of(candidate);
        String name = ObjectMeta.name(candidate);
        String generateName = ObjectMeta.text(candidate, "generateName");
        if (name.isEmpty() && generateName.isEmpty()) {
            throw new StatusException(Status.invalid(type.group(), type.kind(), "", List.of(new Status.Cause(
                    "FieldValueRequired", "Required value: name or generateName is required", "metadata.name"))));
        }
        if (name.isEmpty()) {
            // RetryGenerateName (beta, on by default, in 1.31) tries up to 8 names before giving up
            int attempts = version.atLeast(1, 31) ? 8 : 1;
            for (int i = 0; i < attempts; i++) {
                name = names.generate(generateName);
                if (!r.objects.containsKey(key(type, namespace, name))) {
                    break;
                }
            }
            if (r.objects.containsKey(key(type, namespace, name))) {
                throw new StatusException(Status.generateNameConflict(type.group(), type.resource(), name, 1));
            }
        } else if (r.objects.containsKey(key(type, namespace, name))) {
            throw new StatusException(Status.alreadyExists(type.group(), type.resource(), name));
        }
        candidate.put("kind", type.kind());
        candidate.put("apiVersion", type.apiVersion());
        meta.put("name", name);
        if (type.namespaced()) {
            meta.put("namespace", namespace);
        }
        meta.put("uid", uuid());
        meta.put("creationTimestamp", DateTimeFormatter.ISO_INSTANT.format(clock.now().truncatedTo(ChronoUnit.SECONDS)));
        meta.remove("deletionTimestamp");
        meta.remove("deletionGracePeriodSeconds");
        meta.put("resourceVersion", Long.toString(++resourceVersion));
        ObjectNode stored = ObjectMeta.canonical(candidate);
        String key = key(type, namespace, name);
        r.objects.put(key, stored);
        record(r, new WatchCache.Change(resourceVersion, WatchEvent.Type.ADDED, key, stored, null));
        return stored;
    }

    /** Stores {@code candidate} over {@code existing}: concurrency check, system fields kept, no-op writes skipped. */
    private ObjectNode replace(ResourceType type, Resource r, ObjectNode existing, ObjectNode candidate) {
        String name = ObjectMeta.name(existing);
        String given = ObjectMeta.resourceVersion(candidate);
        if (!given.isEmpty()) {
            parseResourceVersion(given);
            if (!given.equals(ObjectMeta.resourceVersion(existing))) {
                throw new StatusException(Status.conflict(type.group(), type.resource(), name, MODIFIED));
            }
        }
        String uid = ObjectMeta.uid(candidate);
        if (!uid.isEmpty() && !uid.equals(ObjectMeta.uid(existing))) {
            throw new StatusException(Status.invalid(type.group(), type.kind(), name, List.of(new Status.Cause(
                    "FieldValueInvalid", "Invalid value: \"" + uid + "\": field is immutable", "metadata.uid"))));
        }
        ObjectNode meta = ObjectMeta.of(candidate);
        ObjectNode old = (ObjectNode) existing.get("metadata");
        candidate.put("kind", type.kind());
        candidate.put("apiVersion", type.apiVersion());
        meta.put("name", name);
        // the server owns these: upstream rest.BeforeUpdate copies them from the stored object
        for (String field : List.of("namespace", "uid", "creationTimestamp", "deletionTimestamp",
                "deletionGracePeriodSeconds", "resourceVersion")) {
            if (old.has(field)) {
                meta.set(field, old.get(field).deepCopy());
            } else {
                meta.remove(field);
            }
        }
        ObjectNode stored = ObjectMeta.canonical(candidate);
        String key = key(type, ObjectMeta.namespace(existing), name);
        if (stored.equals(existing)) {
            // etcd3 GuaranteedUpdate skips a write that changes nothing: same resourceVersion, no event
            return existing;
        }
        if (ObjectMeta.isBeingDeleted(stored) && !ObjectMeta.hasFinalizers(stored)) {
            // the last finalizer is gone: the pending deletion completes
            return remove(type, r, stored).object();
        }
        ObjectMeta.of(stored).put("resourceVersion", Long.toString(++resourceVersion));
        r.objects.put(key, stored);
        record(r, new WatchCache.Change(resourceVersion, WatchEvent.Type.MODIFIED, key, stored, existing));
        return stored;
    }

    private DeleteResult remove(ResourceType type, Resource r, ObjectNode existing) {
        String key = key(type, ObjectMeta.namespace(existing), ObjectMeta.name(existing));
        ObjectNode current = r.objects.get(key);
        if (ObjectMeta.hasFinalizers(existing)) {
            if (ObjectMeta.isBeingDeleted(current)) {
                return new DeleteResult(current.deepCopy(), false);
            }
            ObjectNode marked = current.deepCopy();
            ObjectMeta.of(marked).put("deletionTimestamp",
                    DateTimeFormatter.ISO_INSTANT.format(clock.now().truncatedTo(ChronoUnit.SECONDS)));
            ObjectMeta.of(marked).put("deletionGracePeriodSeconds", 0);
            marked = ObjectMeta.canonical(marked);
            ObjectMeta.of(marked).put("resourceVersion", Long.toString(++resourceVersion));
            r.objects.put(key, marked);
            record(r, new WatchCache.Change(resourceVersion, WatchEvent.Type.MODIFIED, key, marked, current));
            return new DeleteResult(marked.deepCopy(), false);
        }
        r.objects.remove(key);
        ObjectNode tombstone = existing.deepCopy();
        ObjectMeta.of(tombstone).put("resourceVersion", Long.toString(++resourceVersion));
        record(r, new WatchCache.Change(resourceVersion, WatchEvent.Type.DELETED, key, tombstone, current));
        // the delete answers with the object as it was last stored (its old resourceVersion)
        return new DeleteResult(existing.deepCopy(), true);
    }

    /** Keeps the change in the history and queues what each watcher should see of it. */
    private void record(Resource r, WatchCache.Change change) {
        r.history.add(change);
        for (Watcher w : r.watchers.candidates(ObjectMeta.name(change.object()))) {
            WatchEvent event = eventFor(w, change);
            if (event != null) {
                w.enqueue(event);
            }
        }
    }

    /**
     * What a filtered watcher sees of a change (upstream cacher's event conversion): an object that
     * starts matching is ADDED, one that stops matching is DELETED with its previous content at the
     * change's resourceVersion.
     */
    private static WatchEvent eventFor(Watcher w, WatchCache.Change c) {
        return switch (c.type()) {
            case ADDED -> w.wants(c.object()) ? new WatchEvent(WatchEvent.Type.ADDED, c.object()) : null;
            case DELETED -> w.wants(c.previous()) ? new WatchEvent(WatchEvent.Type.DELETED, c.object()) : null;
            default -> {
                boolean now = w.wants(c.object());
                boolean before = w.wants(c.previous());
                if (now && before) {
                    yield new WatchEvent(WatchEvent.Type.MODIFIED, c.object());
                } else if (now) {
                    yield new WatchEvent(WatchEvent.Type.ADDED, c.object());
                } else if (before) {
                    ObjectNode last = c.previous().deepCopy();
                    ObjectMeta.of(last).put("resourceVersion", Long.toString(c.resourceVersion()));
                    yield new WatchEvent(WatchEvent.Type.DELETED, last);
                }
                yield null;
            }
        };
    }

    private ObjectNode bookmark(Watcher w) {
        ObjectNode object = Json.object();
        ResourceType type = w.type();
        object.put("kind", type.kind());
        object.put("apiVersion", type.apiVersion());
        ObjectNode meta = object.putObject("metadata");
        meta.put("resourceVersion", Long.toString(resourceVersion));
        meta.putNull("creationTimestamp");
        return object;
    }

    // ---- helpers ----

    private Resource resource(ResourceType type) {
        return resources.computeIfAbsent(type.key(), k -> new Resource(histories.get()));
    }

    private static String key(ResourceType type, String namespace, String name) {
        return type.namespaced() ? namespace + "/" + name : name;
    }

    /** The key prefix a list or watch covers: one namespace, or everything. */
    private static String prefix(ResourceType type, String namespace) {
        return type.namespaced() && namespace != null && !namespace.isEmpty() ? namespace + "/" : "";
    }

    private static void checkNamespace(ResourceType type, String namespace, ObjectNode object) {
        if (!type.namespaced()) {
            // upstream rest.BeforeCreate/BeforeUpdate clear it for cluster-scoped resources
            ObjectMeta.of(object).remove("namespace");
            return;
        }
        String given = ObjectMeta.namespace(object);
        if (namespace == null || namespace.isEmpty()) {
            throw new StatusException(Status.badRequest("namespace is required for namespaced resource "
                    + type.qualifiedResource()));
        }
        if (!given.isEmpty() && !given.equals(namespace)) {
            throw new StatusException(Status.badRequest(
                    "the namespace of the provided object does not match the namespace sent on the request"));
        }
    }

    private static void checkName(ObjectNode object, String name) {
        String given = ObjectMeta.name(object);
        if (given.isEmpty()) {
            ObjectMeta.of(object).put("name", name);
        } else if (!given.equals(name)) {
            throw new StatusException(Status.badRequest(
                    "the name of the object (" + given + ") does not match the name on the URL (" + name + ")"));
        }
    }

    private void check(ResourceType type, ObjectNode existing, String what, String wanted, String actual) {
        if (!wanted.isEmpty() && !wanted.equals(actual)) {
            throw new StatusException(Status.conflict(type.group(), type.resource(), ObjectMeta.name(existing),
                    "Precondition failed: " + what + " in precondition: " + wanted + ", " + what
                            + " in object meta: " + actual));
        }
    }

    private static long parseResourceVersion(String value) {
        try {
            long rv = Long.parseLong(value);
            if (rv >= 0) {
                return rv;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new StatusException(Status.badRequest("resourceVersion: Invalid value: \"" + value
                + "\": strconv.ParseUint: parsing \"" + value + "\": invalid syntax"));
    }

    /** A resourceVersion the store has not reached (upstream waits 3 s for it, then gives up). */
    private void checkNotTooLarge(long requested) {
        if (requested > resourceVersion) {
            throw new StatusException(Status.timeout("Too large resource version: " + requested + ", current: "
                    + resourceVersion, 1, version.atLeast(1, 20)
                    ? new Status.Cause("ResourceVersionTooLarge", "Too large resource version", null) : null));
        }
    }

    /** A random (version 4) UUID from the "uid" stream, as upstream's uuid.NewUUID makes them. */
    private String uuid() {
        byte[] b = new byte[16];
        uids.nextBytes(b);
        b[6] = (byte) ((b[6] & 0x0f) | 0x40);
        b[8] = (byte) ((b[8] & 0x3f) | 0x80);
        String hex = java.util.HexFormat.of().formatHex(b);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }
}
