package io.bootsim.apiserver.storage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One resource's open watches. A watch whose field selector names one object (a kubelet's watch of
 * its own CSR, Node or Lease: {@code metadata.name=NAME}) is filed under that name, so a change is
 * matched against the watches that select by something else and the few that name its object, not
 * against every node's watch: a stampede of N kubelets costs N changes times a few watchers, not N
 * times N. Candidates come in the order the watches were opened, as one list would give them.
 */
// upstream's cacher indexes its watchers by trigger values for the same reason
// (staging/src/k8s.io/apiserver/pkg/storage/cacher/cacher.go, indexedWatchers)
final class Watchers {

    private final List<Watcher> unnamed = new ArrayList<>();
    private final Map<String, List<Watcher>> byName = new HashMap<>();
    private long opened;
    private int namedSinceSweep;
    private int namesAfterSweep;

    /** Files a watch that has just been opened. */
    void add(Watcher watcher) {
        watcher.openedAs(opened++);
        watcher.selectedName().ifPresentOrElse(name -> {
            // a named watch that ended is forgotten when its object next changes; one whose object never
            // changes again is swept once as many named watches have opened as names were left by the last
            // sweep: sweeping costs a constant per watch opened, and what is kept stays within twice what was
            // open at the last sweep, plus 64
            if (++namedSinceSweep > Math.max(64, namesAfterSweep)) {
                sweep();
            }
            byName.computeIfAbsent(name, n -> new ArrayList<>(1)).add(watcher);
        }, () -> unnamed.add(watcher));
    }

    /**
     * The open watches that may want a change of the object called {@code name}, in the order they
     * were opened; stopped ones are forgotten on the way.
     */
    List<Watcher> candidates(String name) {
        unnamed.removeIf(Watcher::isStopped);
        List<Watcher> named = byName.get(name);
        if (named != null) {
            named.removeIf(Watcher::isStopped);
            if (named.isEmpty()) {
                byName.remove(name);
                named = null;
            }
        }
        if (named == null) {
            return unnamed;
        }
        List<Watcher> merged = new ArrayList<>(unnamed.size() + named.size());
        int u = 0;
        int n = 0;
        while (u < unnamed.size() || n < named.size()) {
            if (n == named.size() || u < unnamed.size() && unnamed.get(u).opened() < named.get(n).opened()) {
                merged.add(unnamed.get(u++));
            } else {
                merged.add(named.get(n++));
            }
        }
        return merged;
    }

    /** Every open watch in the order they were opened, stopped ones forgotten first. */
    void forEachOpen(Consumer<Watcher> action) {
        sweep();
        List<Watcher> all = new ArrayList<>(unnamed);
        byName.values().forEach(all::addAll);
        all.sort(Comparator.comparingLong(Watcher::opened));
        all.forEach(action);
    }

    private void sweep() {
        namedSinceSweep = 0;
        unnamed.removeIf(Watcher::isStopped);
        byName.values().forEach(list -> list.removeIf(Watcher::isStopped));
        byName.values().removeIf(List::isEmpty);
        namesAfterSweep = byName.size();
    }

    /** Number of watches filed, stopped ones not yet forgotten included. */
    int size() {
        return unnamed.size() + byName.values().stream().mapToInt(List::size).sum();
    }

    /** Forgets every watch (after stopping them). */
    void clear() {
        unnamed.clear();
        byName.clear();
    }
}
