package io.bootsim.apiserver.storage;

import io.bootsim.core.api.StatusException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.random.RandomStreams;
import io.bootsim.core.time.VirtualClock;
import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.bootsim.apiserver.storage.Objects.CONFIG_MAPS;
import static io.bootsim.apiserver.storage.Objects.CSRS;
import static io.bootsim.apiserver.storage.Objects.configMap;
import static io.bootsim.apiserver.storage.Objects.csr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WatchTest {

    private final MemoryStore store = Objects.store();

    /** Everything the watch has queued, in order. */
    private static List<WatchEvent> drain(Watcher watcher) throws Exception {
        List<WatchEvent> got = new ArrayList<>();
        int before;
        boolean open;
        do {
            before = got.size();
            open = watcher.deliverNext(got::add, Duration.ZERO);
        } while (open && got.size() > before);
        return got;
    }

    private static List<String> summary(List<WatchEvent> events) {
        return events.stream().map(e -> e.type() + " " + ObjectMeta.name(e.object()) + "@"
                + ObjectMeta.resourceVersion(e.object())).toList();
    }

    @Test
    void watchFromTheListResourceVersionSeesOnlyLaterChanges() throws Exception {
        store.create(CONFIG_MAPS, "default", configMap("a", ""));
        String listRv = store.list(CONFIG_MAPS, "default", ListOptions.EVERYTHING).resourceVersion();
        store.create(CONFIG_MAPS, "default", configMap("b", ""));
        Watcher watcher = store.watch(CONFIG_MAPS, "default", WatchOptions.from(listRv));
        ObjectNode a = store.get(CONFIG_MAPS, "default", "a");
        a.withObject("/data").put("k", "changed");
        store.update(CONFIG_MAPS, "default", "a", a);
        store.delete(CONFIG_MAPS, "default", "b", Preconditions.NONE);

        assertEquals(List.of("ADDED b@2", "MODIFIED a@3", "DELETED b@4"), summary(drain(watcher)));
    }

    @Test
    void watchFromZeroStartsWithASyntheticAddedPerObject() throws Exception {
        store.create(CONFIG_MAPS, "default", configMap("b", ""));
        store.create(CONFIG_MAPS, "default", configMap("a", ""));
        store.create(CONFIG_MAPS, "other", configMap("c", ""));
        Watcher watcher = store.watch(CONFIG_MAPS, "default", WatchOptions.from("0"));
        store.create(CONFIG_MAPS, "default", configMap("d", ""));
        assertEquals(List.of("ADDED a@2", "ADDED b@1", "ADDED d@4"), summary(drain(watcher)));
    }

    @Test
    void singleObjectWatchAsKubectlGetNameWatchSendsTheCurrentObjectFirst() throws Exception {
        store.create(CSRS, "", csr("csr-1", "kubernetes.io/kube-apiserver-client-kubelet"));
        store.create(CSRS, "", csr("csr-2", "kubernetes.io/kube-apiserver-client-kubelet"));
        Watcher watcher = store.watch(CSRS, "", new WatchOptions("", "metadata.name=csr-1", "0", false));
        ObjectNode other = store.get(CSRS, "", "csr-2");
        other.withObject("/status").put("certificate", "Zm9v");
        store.update(CSRS, "", "csr-2", other);
        ObjectNode mine = store.get(CSRS, "", "csr-1");
        mine.withObject("/status").put("certificate", "YmFy");
        store.update(CSRS, "", "csr-1", mine);
        assertEquals(List.of("ADDED csr-1@1", "MODIFIED csr-1@4"), summary(drain(watcher)));
    }

    @Test
    void aWatchOfOneNameAmongManySeesOnlyItsObjectIncludingWhenItStopsMatchingOrGoes() throws Exception {
        store.create(CONFIG_MAPS, "default", configMap("mine", "'app':'x'"));
        List<Watcher> others = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            others.add(store.watch(CONFIG_MAPS, "default", new WatchOptions("", "metadata.name=other-" + i, "1", false)));
        }
        Watcher mine = store.watch(CONFIG_MAPS, "default", new WatchOptions("app=x", "metadata.name=mine", "1", false));
        Watcher all = store.watch(CONFIG_MAPS, "", WatchOptions.from("1"));

        ObjectNode unlabelled = store.get(CONFIG_MAPS, "default", "mine");
        unlabelled.withObject("/metadata").remove("labels");
        store.update(CONFIG_MAPS, "default", "mine", unlabelled);
        store.create(CONFIG_MAPS, "default", configMap("other-3", ""));
        store.delete(CONFIG_MAPS, "default", "other-3", Preconditions.NONE);

        assertEquals(List.of("DELETED mine@2"), summary(drain(mine)), "stopped matching its label selector");
        assertEquals(List.of("ADDED other-3@3", "DELETED other-3@4"), summary(drain(others.get(3))));
        assertEquals(List.of(), summary(drain(others.get(0))));
        assertEquals(List.of("MODIFIED mine@2", "ADDED other-3@3", "DELETED other-3@4"), summary(drain(all)));
    }

    @Test
    void aWatchOfOneNameFromAnOldResourceVersionReplaysOnlyItsObjectsChanges() throws Exception {
        store.create(CONFIG_MAPS, "default", configMap("mine", "'app':'x'"));
        store.create(CONFIG_MAPS, "default", configMap("other", "'app':'x'"));
        ObjectNode unlabelled = store.get(CONFIG_MAPS, "default", "mine");
        unlabelled.withObject("/metadata").remove("labels");
        store.update(CONFIG_MAPS, "default", "mine", unlabelled);
        store.delete(CONFIG_MAPS, "default", "other", Preconditions.NONE);
        store.create(CONFIG_MAPS, "default", configMap("other", ""));

        Watcher replayed = store.watch(CONFIG_MAPS, "default", new WatchOptions("app=x", "metadata.name=mine", "1", false));
        Watcher other = store.watch(CONFIG_MAPS, "default", new WatchOptions("", "metadata.name=other", "1", false));

        assertEquals(List.of("DELETED mine@3"), summary(drain(replayed)), "stopped matching its label selector");
        assertEquals(List.of("ADDED other@2", "DELETED other@4", "ADDED other@5"), summary(drain(other)));
    }

    @Test
    void resourceVersionOlderThanTheHistoryIsA410ErrorEvent() throws Exception {
        MemoryStore small = new MemoryStore(new VirtualClock(VirtualClock.DEFAULT_START), RandomStreams.seeded(1),
                KubeVersion.NEWEST, 2, 10);
        for (String n : List.of("a", "b", "c", "d")) {
            small.create(CONFIG_MAPS, "default", configMap(n, ""));
        }
        Watcher watcher = small.watch(CONFIG_MAPS, "default", WatchOptions.from("1"));
        List<WatchEvent> events = drain(watcher);
        assertEquals(1, events.size());
        assertEquals("{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
                + "\"status\":\"Failure\",\"message\":\"too old resource version: 1 (2)\",\"reason\":\"Expired\","
                + "\"code\":410}}\n", events.get(0).toJson());
        assertFalse(watcher.deliverNext(e -> { }, Duration.ZERO), "the stream ends after the error");
        assertEquals(0, small.watchEventsPending());

        // from the floor itself the history is complete
        assertEquals(List.of("ADDED c@3", "ADDED d@4"), summary(drain(small.watch(CONFIG_MAPS, "default", WatchOptions.from("2")))));
    }

    @Test
    void releasesBeforeTheExpiredReasonSayGone() throws Exception {
        MemoryStore old = new MemoryStore(new VirtualClock(VirtualClock.DEFAULT_START), RandomStreams.seeded(1),
                KubeVersion.of(1, 9), 1, 10);
        for (String n : List.of("a", "b", "c")) {
            old.create(CONFIG_MAPS, "default", configMap(n, ""));
        }
        WatchEvent error = drain(old.watch(CONFIG_MAPS, "default", WatchOptions.from("1"))).get(0);
        assertEquals(WatchEvent.Type.ERROR, error.type());
        assertEquals("Gone", error.object().get("reason").asText());
        assertEquals("too old resource version: 1 (2)", error.object().get("message").asText());
    }

    @Test
    void labelSelectedWatchSeesObjectsEnterAndLeaveTheSelection() throws Exception {
        Watcher watcher = store.watch(CONFIG_MAPS, "default", new WatchOptions("app=x", "", "", false));
        store.create(CONFIG_MAPS, "default", configMap("cm", "'app':'y'"));
        ObjectNode cm = store.get(CONFIG_MAPS, "default", "cm");
        cm.withObject("/metadata/labels").put("app", "x");
        cm = store.update(CONFIG_MAPS, "default", "cm", cm).object();
        cm.withObject("/data").put("k", "v2");
        cm = store.update(CONFIG_MAPS, "default", "cm", cm).object();
        cm.withObject("/metadata/labels").put("app", "z");
        store.update(CONFIG_MAPS, "default", "cm", cm);
        store.delete(CONFIG_MAPS, "default", "cm", Preconditions.NONE);

        List<WatchEvent> events = drain(watcher);
        assertEquals(List.of("ADDED cm@2", "MODIFIED cm@3", "DELETED cm@4"), summary(events));
        // the DELETED of an object leaving the selection shows its last matching state at the new resourceVersion
        assertEquals("x", events.get(2).object().at("/metadata/labels/app").asText());
    }

    @Test
    void bookmarksGoOnlyToWatchesThatAllowThem() throws Exception {
        Watcher plain = store.watch(CSRS, "", WatchOptions.from(""));
        Watcher withBookmarks = store.watch(CSRS, "", new WatchOptions("", "", "", true));
        store.create(CONFIG_MAPS, "default", configMap("unrelated", ""));
        store.sendBookmarks();
        assertEquals(List.of(), drain(plain));
        List<WatchEvent> events = drain(withBookmarks);
        assertEquals(1, events.size());
        assertEquals("{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"CertificateSigningRequest\","
                + "\"apiVersion\":\"certificates.k8s.io/v1\",\"metadata\":{\"resourceVersion\":\"1\","
                + "\"creationTimestamp\":null}}}\n", events.get(0).toJson());
    }

    @Test
    void storeCountsEventsUntilTheyAreHandedToTheStream() throws Exception {
        Watcher watcher = store.watch(CONFIG_MAPS, "", WatchOptions.from(""));
        store.create(CONFIG_MAPS, "default", configMap("a", ""));
        store.create(CONFIG_MAPS, "default", configMap("b", ""));
        assertEquals(2, store.watchEventsPending());
        assertTrue(watcher.deliverNext(e -> { }, Duration.ZERO));
        assertEquals(1, store.watchEventsPending());
        assertEquals(1, store.watchEventsHanded());
        drain(watcher);
        assertEquals(0, store.watchEventsPending());
        assertEquals(2, store.watchEventsHanded());
    }

    @Test
    void eventsHandedAreAlsoCountedPerClientConnection() throws Exception {
        Watcher first = store.watch(CONFIG_MAPS, "", WatchOptions.from(""));
        first.deliversTo("127.0.0.1:40001");
        Watcher second = store.watch(CONFIG_MAPS, "", WatchOptions.from(""));
        second.deliversTo("127.0.0.1:40002");
        store.create(CONFIG_MAPS, "default", configMap("a", ""));
        store.create(CONFIG_MAPS, "default", configMap("b", ""));
        drain(first);
        assertTrue(second.deliverNext(e -> { }, Duration.ZERO));
        assertEquals(2, store.watchEventsHandedTo("127.0.0.1:40001"));
        assertEquals(1, store.watchEventsHandedTo("127.0.0.1:40002"));
        assertEquals(0, store.watchEventsHandedTo("127.0.0.1:40003"));
        assertEquals(3, store.watchEventsHanded());
    }

    @Test
    void watcherThatFallsTooFarBehindIsClosedWithoutBlockingWriters() throws Exception {
        MemoryStore tight = new MemoryStore(new VirtualClock(VirtualClock.DEFAULT_START), RandomStreams.seeded(1),
                KubeVersion.NEWEST, 100, 2);
        Watcher slow = tight.watch(CONFIG_MAPS, "", WatchOptions.from(""));
        Watcher keepingUp = tight.watch(CONFIG_MAPS, "", WatchOptions.from(""));
        List<WatchEvent> seen = new ArrayList<>();
        for (String n : List.of("a", "b", "c", "d")) {
            tight.create(CONFIG_MAPS, "default", configMap(n, ""));
            seen.addAll(drain(keepingUp));
        }
        assertEquals(4, seen.size());
        assertTrue(slow.isStopped());
        assertFalse(slow.deliverNext(e -> { }, Duration.ZERO));
        assertEquals(0, tight.watchEventsPending());
    }

    @Test
    void failingSinkStopsTheWatch() {
        Watcher watcher = store.watch(CONFIG_MAPS, "", WatchOptions.from(""));
        store.create(CONFIG_MAPS, "default", configMap("a", ""));
        assertThrows(IOException.class, () -> watcher.deliverNext(e -> {
            throw new IOException("broken pipe");
        }, Duration.ZERO));
        assertTrue(watcher.isStopped());
        assertEquals(0, store.watchEventsPending());
        // its bytes may have reached the client before the failure: not handed, but unconfirmed
        assertEquals(0, store.watchEventsHanded());
        assertEquals(1, store.watchEventsUnconfirmed());
    }

    @Test
    void stoppedWatchEndsItsStream() throws Exception {
        Watcher watcher = store.watch(CONFIG_MAPS, "", WatchOptions.from(""));
        watcher.stop();
        store.create(CONFIG_MAPS, "default", configMap("a", ""));
        assertFalse(watcher.deliverNext(e -> { }, Duration.ofMillis(10)));
        assertEquals(0, store.watchEventsPending());
    }

    @Test
    void resourceVersionAheadOfTheStoreIsTooLarge() {
        StatusException e = assertThrows(StatusException.class,
                () -> store.watch(CONFIG_MAPS, "", WatchOptions.from("10")));
        assertEquals(504, e.status().code());
    }
}
