package io.bootsim.apiserver.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;
import io.bootsim.core.random.RandomStreams;
import io.bootsim.core.time.VirtualClock;
import io.bootsim.core.version.KubeVersion;

/** Test fixtures: the served types, a seeded store on a virtual clock, objects from JSON text. */
final class Objects {

    private Objects() {
    }

    static final StoredResources SERVED = StoredResources.of(KubeVersion.NEWEST);
    static final ResourceType CSRS = SERVED.get("certificates.k8s.io", "certificatesigningrequests").orElseThrow();
    static final ResourceType NODES = SERVED.get("", "nodes").orElseThrow();
    static final ResourceType CONFIG_MAPS = SERVED.get("", "configmaps").orElseThrow();
    static final ResourceType LEASES = SERVED.get("coordination.k8s.io", "leases").orElseThrow();
    static final ResourceType CLUSTER_ROLE_BINDINGS = SERVED.get("rbac.authorization.k8s.io", "clusterrolebindings").orElseThrow();

    static MemoryStore store() {
        return new MemoryStore(new VirtualClock(VirtualClock.DEFAULT_START), RandomStreams.seeded(42), KubeVersion.NEWEST);
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) Json.mapper().readTree(text.replace('\'', '"'));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    static ObjectNode csr(String name, String signer) {
        return json("{'metadata':{'name':'" + name + "'},'spec':{'signerName':'" + signer
                + "','request':'LS0t','usages':['client auth']}}");
    }

    static ObjectNode configMap(String name, String labels) {
        return json("{'metadata':{'name':'" + name + "','labels':{" + labels + "}},'data':{'k':'v'}}");
    }
}
