package io.bootsim.core.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.log.Klog;
import io.bootsim.core.time.Scheduler;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * client-go's shared informer, without resync: a Reflector that keeps a {@link Store} current and
 * tells every registered handler about each change, on the scheduler, in order. One informer per
 * collection is shared by all the controllers of a component, as kube-controller-manager's
 * SharedInformerFactory does, so one list and one watch serve them all.
 */
// upstream: staging/src/k8s.io/client-go/tools/cache/shared_informer.go, delta_fifo.go (Replace)
public final class Informer implements Reflector.Sink {

    private final Store store = new Store();
    private final List<ResourceEventHandler> handlers = new ArrayList<>();
    private final Reflector reflector;
    private boolean synced;

    public Informer(String name, ListWatch listWatch, Scheduler scheduler, Klog log, RandomGenerator jitter) {
        this.reflector = new Reflector(name, listWatch, this, scheduler, log, jitter);
    }

    /** Registers a handler; objects already in the store are reported to it as adds, as client-go does. */
    public void addEventHandler(ResourceEventHandler handler) {
        handlers.add(handler);
        store.list().forEach(handler::onAdd);
    }

    public Store store() {
        return store;
    }

    /** True once the first list has been applied (client-go's HasSynced). */
    public boolean hasSynced() {
        return synced;
    }

    public void start() {
        reflector.start();
    }

    public void stop() {
        reflector.stop();
    }

    @Override
    public void replace(List<ObjectNode> items, String resourceVersion) {
        Set<String> listed = new HashSet<>();
        for (ObjectNode item : items) {
            listed.add(ObjectKey.of(item));
            update(item);
        }
        for (String key : store.keys()) {
            if (!listed.contains(key)) {
                ObjectNode gone = store.remove(key);
                handlers.forEach(h -> h.onDelete(gone));
            }
        }
        synced = true;
    }

    @Override
    public void add(ObjectNode object) {
        update(object);
    }

    @Override
    public void update(ObjectNode object) {
        ObjectNode old = store.put(ObjectKey.of(object), object);
        if (old == null) {
            handlers.forEach(h -> h.onAdd(object));
        } else {
            handlers.forEach(h -> h.onUpdate(old, object));
        }
    }

    @Override
    public void delete(ObjectNode object) {
        ObjectNode old = store.remove(ObjectKey.of(object));
        handlers.forEach(h -> h.onDelete(old != null ? old : object));
    }
}
