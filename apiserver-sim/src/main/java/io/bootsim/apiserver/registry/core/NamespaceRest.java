package io.bootsim.apiserver.registry.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.authentication.UserInfo;
import io.bootsim.apiserver.registry.RestStrategy;

/**
 * Namespaces start Active with the "kubernetes" finalizer, whatever the client sent, and updates of
 * the object never change status (pkg/registry/core/namespace/strategy.go).
 */
public final class NamespaceRest implements RestStrategy {

    public static final NamespaceRest INSTANCE = new NamespaceRest();

    private NamespaceRest() {
    }

    @Override
    public void prepareForCreate(ObjectNode namespace, UserInfo user) {
        prepare(namespace);
    }

    /** What a new namespace looks like once the strategy has run (also used for the seeded ones). */
    public static void prepare(ObjectNode namespace) {
        namespace.putObject("spec").putArray("finalizers").add("kubernetes");
        namespace.putObject("status").put("phase", "Active");
    }

    @Override
    public void prepareForUpdate(ObjectNode namespace, ObjectNode old, String subresource) {
        if (subresource.isEmpty()) {
            namespace.set("status", old.path("status").deepCopy());
        }
    }
}
