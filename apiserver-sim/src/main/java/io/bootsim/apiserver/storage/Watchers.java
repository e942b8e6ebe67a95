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

    /** Files a watch that has just been opened. */
    void add(Watcher watcher) {
        watcher.openedAs(opened++);
        watcher.selectedName().ifPresentOrElse(
                name -> byName.computeIfAbsent(name, n -> new ArrayList<>(1)).add(watcher),
                () -> unnamed.add(watcher));
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
        unnamed.removeIf(Watcher::isStopped);
        byName.values().forEach(list -> list.removeIf(Watcher::isStopped));
        byName.values().removeIf(List::isEmpty);
        List<Watcher> all = new ArrayList<>(unnamed);
        byName.values().forEach(all::addAll);
        all.sort(Comparator.comparingLong(Watcher::opened));
        all.forEach(action);
    }

    /** Forgets every watch (after stopping them). */
    void clear() {
        unnamed.clear();
        byName.clear();
    }
}
