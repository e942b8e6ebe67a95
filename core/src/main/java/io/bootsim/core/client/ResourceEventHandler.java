package io.bootsim.core.client;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * client-go's ResourceEventHandler: what an informer tells its handlers, on the scheduler, in
 * the order the changes reached the store. A re-list reports every listed object again (as an
 * update when it was known) and a delete for each object that disappeared meanwhile.
 */
public interface ResourceEventHandler {

    default void onAdd(ObjectNode object) {
    }

    default void onUpdate(ObjectNode oldObject, ObjectNode newObject) {
    }

    default void onDelete(ObjectNode object) {
    }

    /** A handler that reacts to every change the same way, typically by queueing the object's key. */
    static ResourceEventHandler onAnyChange(java.util.function.Consumer<ObjectNode> action) {
        return new ResourceEventHandler() {
            @Override
            public void onAdd(ObjectNode object) {
                action.accept(object);
            }

            @Override
            public void onUpdate(ObjectNode oldObject, ObjectNode newObject) {
                action.accept(newObject);
            }

            @Override
            public void onDelete(ObjectNode object) {
                action.accept(object);
            }
        };
    }
}
