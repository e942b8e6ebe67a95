package io.bootsim.apiserver.storage;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.bootsim.apiserver.storage.Objects.CSRS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A resource's watches filed by the one object name their field selector allows. */
class WatchersTest {

    private final Watchers watchers = new Watchers();

    private Watcher open(String fieldSelector) {
        Watcher w = new Watcher(CSRS, "", LabelSelector.EVERYTHING, FieldSelector.parse(fieldSelector, CSRS), false,
                new WatchDelivery(), 10);
        watchers.add(w);
        return w;
    }

    @Test
    void aChangeMeetsTheWatchesWithoutANameAndThoseNamingItsObjectInTheOrderTheyOpened() {
        Watcher informer = open("");
        Watcher a = open("metadata.name=csr-a");
        Watcher bySigner = open("spec.signerName=kubernetes.io/kube-apiserver-client-kubelet");
        Watcher b = open("metadata.name=csr-b");
        Watcher a2 = open("metadata.name==csr-a,spec.signerName=x");
        Watcher notA = open("metadata.name!=csr-a");

        assertEquals(List.of(informer, a, bySigner, a2, notA), watchers.candidates("csr-a"));
        assertEquals(List.of(informer, bySigner, b, notA), watchers.candidates("csr-b"));
        assertEquals(List.of(informer, bySigner, notA), watchers.candidates("csr-c"));
    }

    @Test
    void stoppedWatchesAreForgotten() {
        Watcher informer = open("");
        Watcher a = open("metadata.name=csr-a");
        Watcher b = open("metadata.name=csr-b");
        a.stop();
        informer.stop();

        assertEquals(List.of(), watchers.candidates("csr-a"));
        List<Watcher> open = new ArrayList<>();
        watchers.forEachOpen(open::add);
        assertEquals(List.of(b), open);
    }

    @Test
    void everyOpenWatchInTheOrderTheyOpened() {
        Watcher a = open("metadata.name=csr-a");
        Watcher informer = open("");
        Watcher b = open("metadata.name=csr-b");
        Watcher a2 = open("metadata.name=csr-a");
        List<Watcher> open = new ArrayList<>();
        watchers.forEachOpen(open::add);
        assertEquals(List.of(a, informer, b, a2), open);
    }

    @Test
    void namedWatchesThatEndedAreSweptEvenWhenTheirObjectsNeverChangeAgain() {
        for (int i = 0; i < 1000; i++) {
            open("metadata.name=csr-" + i).stop();
        }
        assertTrue(watchers.size() <= 130, "stopped watches kept: " + watchers.size());
        Watcher live = open("metadata.name=csr-live");
        assertEquals(List.of(live), watchers.candidates("csr-live"));
    }
}
