package io.bootsim.apiserver.storage;

import io.bootsim.core.api.StatusException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.random.RandomStreams;
import io.bootsim.core.time.VirtualClock;
import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.bootsim.apiserver.storage.Objects.CLUSTER_ROLE_BINDINGS;
import static io.bootsim.apiserver.storage.Objects.CONFIG_MAPS;
import static io.bootsim.apiserver.storage.Objects.CSRS;
import static io.bootsim.apiserver.storage.Objects.LEASES;
import static io.bootsim.apiserver.storage.Objects.NODES;
import static io.bootsim.apiserver.storage.Objects.configMap;
import static io.bootsim.apiserver.storage.Objects.csr;
import static io.bootsim.apiserver.storage.Objects.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryStoreTest {

    private final MemoryStore store = Objects.store();

    @Test
    void createFillsSystemFieldsAndPutsThemInObjectMetaOrder() {
        ObjectNode created = store.create(CSRS, "", csr("csr-1", "kubernetes.io/kube-apiserver-client-kubelet"));
        assertEquals("{\"kind\":\"CertificateSigningRequest\",\"apiVersion\":\"certificates.k8s.io/v1\","
                        + "\"metadata\":{\"name\":\"csr-1\",\"uid\":\"" + created.at("/metadata/uid").asText()
                        + "\",\"resourceVersion\":\"1\",\"creationTimestamp\":\"2018-01-01T00:00:00Z\"},"
                        + "\"spec\":{\"signerName\":\"kubernetes.io/kube-apiserver-client-kubelet\",\"request\":\"LS0t\","
                        + "\"usages\":[\"client auth\"]}}",
                created.toString());
        assertTrue(created.at("/metadata/uid").asText().matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
    }

    @Test
    void sameSeedAndClockGiveSameUidsAndNames() {
        ObjectNode first = Objects.store().create(CSRS, "", json("{'metadata':{'generateName':'csr-'}}"));
        ObjectNode second = Objects.store().create(CSRS, "", json("{'metadata':{'generateName':'csr-'}}"));
        assertEquals(first, second);
        ObjectNode other = new MemoryStore(new VirtualClock(Instant.parse("2020-05-05T10:00:00.750Z")),
                RandomStreams.seeded(7), KubeVersion.NEWEST).create(CSRS, "", json("{'metadata':{'generateName':'csr-'}}"));
        assertNotEquals(first.at("/metadata/uid"), other.at("/metadata/uid"));
        assertEquals("2020-05-05T10:00:00Z", other.at("/metadata/creationTimestamp").asText());
    }

    @Test
    void generateNameAppendsFiveCharactersFromTheVowelFreeAlphabet() {
        ObjectNode created = store.create(CSRS, "", json("{'metadata':{'generateName':'csr-'}}"));
        assertTrue(created.at("/metadata/name").asText().matches("csr-[bcdfghjklmnpqrstvwxz2456789]{5}"));
        assertEquals("csr-", created.at("/metadata/generateName").asText());
        String longPrefix = "x".repeat(70);
        ObjectNode cut = store.create(CSRS, "", json("{'metadata':{'generateName':'" + longPrefix + "'}}"));
        assertEquals(63, cut.at("/metadata/name").asText().length());
    }

    @Test
    void generatedNamesNeverCollide() {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < 300; i++) {
            names.add(store.create(CSRS, "", json("{'metadata':{'generateName':'c'}}")).at("/metadata/name").asText());
        }
        assertEquals(300, names.size());
    }

    @Test
    void nameOrGenerateNameIsRequired() {
        StatusException e = assertThrows(StatusException.class, () -> store.create(CSRS, "", json("{'metadata':{}}")));
        assertEquals(422, e.status().code());
        assertEquals("CertificateSigningRequest.certificates.k8s.io \"\" is invalid: metadata.name: Required value: "
                + "name or generateName is required", e.status().message());
    }

    @Test
    void createOfExistingNameIsAlreadyExists() {
        store.create(CLUSTER_ROLE_BINDINGS, "", json("{'metadata':{'name':'kubelet-bootstrap'}}"));
        StatusException e = assertThrows(StatusException.class,
                () -> store.create(CLUSTER_ROLE_BINDINGS, "", json("{'metadata':{'name':'kubelet-bootstrap'}}")));
        assertEquals("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"clusterrolebindings.rbac.authorization.k8s.io \\\"kubelet-bootstrap\\\" already exists\","
                + "\"reason\":\"AlreadyExists\",\"details\":{\"name\":\"kubelet-bootstrap\","
                + "\"group\":\"rbac.authorization.k8s.io\",\"kind\":\"clusterrolebindings\"},\"code\":409}\n",
                e.status().toJson());
    }

    @Test
    void createWithResourceVersionIsRefused() {
        StatusException e = assertThrows(StatusException.class,
                () -> store.create(CSRS, "", json("{'metadata':{'name':'a','resourceVersion':'5'}}")));
        assertEquals(400, e.status().code());
    }

    @Test
    void getOfMissingObjectIsNotFoundInUpstreamWords() {
        StatusException e = assertThrows(StatusException.class, () -> store.get(CSRS, "", "nosuch"));
        assertEquals(404, e.status().code());
        assertEquals("certificatesigningrequests.certificates.k8s.io \"nosuch\" not found", e.status().message());
    }

    @Test
    void staleResourceVersionOnUpdateIsConflict() {
        ObjectNode created = store.create(CSRS, "", csr("csr-1", "kubernetes.io/kube-apiserver-client-kubelet"));
        ObjectNode first = created.deepCopy();
        first.withObject("/status").putArray("conditions").addObject().put("type", "Approved").put("status", "True");
        assertEquals("2", store.update(CSRS, "", "csr-1", first).object().at("/metadata/resourceVersion").asText());

        ObjectNode stale = created.deepCopy();
        stale.withObject("/status").putArray("conditions").addObject().put("type", "Denied").put("status", "True");
        StatusException e = assertThrows(StatusException.class, () -> store.update(CSRS, "", "csr-1", stale));
        assertEquals(409, e.status().code());
        assertEquals("Conflict", e.status().reason());
        assertEquals("Operation cannot be fulfilled on certificatesigningrequests.certificates.k8s.io \"csr-1\": "
                + "the object has been modified; please apply your changes to the latest version and try again",
                e.status().message());
        assertEquals("Approved", store.get(CSRS, "", "csr-1").at("/status/conditions/0/type").asText());
    }

    @Test
    void updateWithoutResourceVersionIsUnconditionalAndKeepsSystemFields() {
        ObjectNode created = store.create(NODES, "", json("{'metadata':{'name':'node-1'}}"));
        ObjectNode blind = json("{'metadata':{'name':'node-1','labels':{'a':'b'}}}");
        ObjectNode updated = store.update(NODES, "", "node-1", blind).object();
        assertEquals("2", updated.at("/metadata/resourceVersion").asText());
        assertEquals(created.at("/metadata/uid"), updated.at("/metadata/uid"));
        assertEquals(created.at("/metadata/creationTimestamp"), updated.at("/metadata/creationTimestamp"));
    }

    @Test
    void updateThatChangesNothingIsNoWrite() {
        ObjectNode created = store.create(NODES, "", json("{'metadata':{'name':'node-1'}}"));
        ObjectNode same = store.update(NODES, "", "node-1", created).object();
        assertEquals("1", same.at("/metadata/resourceVersion").asText());
        assertEquals("1", store.currentResourceVersion());
    }

    @Test
    void updateCannotChangeTheUid() {
        store.create(NODES, "", json("{'metadata':{'name':'node-1'}}"));
        StatusException e = assertThrows(StatusException.class,
                () -> store.update(NODES, "", "node-1", json("{'metadata':{'name':'node-1','uid':'other'}}")));
        assertEquals("Node \"node-1\" is invalid: metadata.uid: Invalid value: \"other\": field is immutable",
                e.status().message());
    }

    @Test
    void updateCreatesOnlyWhereTheStrategyAllowsIt() {
        WriteResult lease = store.update(LEASES, "kube-node-lease", "node-1",
                json("{'metadata':{'name':'node-1'},'spec':{'holderIdentity':'node-1'}}"));
        assertTrue(lease.created());
        assertEquals("kube-node-lease", lease.object().at("/metadata/namespace").asText());
        StatusException e = assertThrows(StatusException.class,
                () -> store.update(NODES, "", "node-1", json("{'metadata':{'name':'node-1'}}")));
        assertEquals("nodes \"node-1\" not found", e.status().message());
    }

    @Test
    void nameInBodyMustMatchTheUrl() {
        store.create(NODES, "", json("{'metadata':{'name':'node-1'}}"));
        StatusException e = assertThrows(StatusException.class,
                () -> store.update(NODES, "", "node-1", json("{'metadata':{'name':'node-2'}}")));
        assertEquals("the name of the object (node-2) does not match the name on the URL (node-1)", e.status().message());
    }

    @Test
    void concurrentUpdatesFromOneReadLetExactlyOneWin() throws Exception {
        ObjectNode created = store.create(CONFIG_MAPS, "default", configMap("cm", "'a':'b'"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    ObjectNode mine = created.deepCopy();
                    mine.withObject("/data").put("writer", Integer.toString(n));
                    try {
                        store.update(CONFIG_MAPS, "default", "cm", mine);
                        return true;
                    } catch (StatusException e) {
                        return false;
                    }
                }));
            }
            long wins = 0;
            for (Future<Boolean> f : results) {
                wins += f.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertEquals(1, wins);
            assertEquals("2", store.currentResourceVersion());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void namespacesKeepObjectsApart() {
        store.create(CONFIG_MAPS, "a", configMap("cm", ""));
        store.create(CONFIG_MAPS, "b", configMap("cm", ""));
        assertEquals(1, store.list(CONFIG_MAPS, "a", ListOptions.EVERYTHING).items().size());
        assertEquals(2, store.list(CONFIG_MAPS, "", ListOptions.EVERYTHING).items().size());
        StatusException e = assertThrows(StatusException.class,
                () -> store.create(CONFIG_MAPS, "a", json("{'metadata':{'name':'x','namespace':'b'}}")));
        assertEquals("the namespace of the provided object does not match the namespace sent on the request",
                e.status().message());
    }

    @Test
    void deleteReturnsTheLastStoredObjectAndHonoursPreconditions() {
        ObjectNode created = store.create(CLUSTER_ROLE_BINDINGS, "", json("{'metadata':{'name':'crb'}}"));
        StatusException wrongUid = assertThrows(StatusException.class,
                () -> store.delete(CLUSTER_ROLE_BINDINGS, "", "crb", new Preconditions("nope", "")));
        assertEquals("Operation cannot be fulfilled on clusterrolebindings.rbac.authorization.k8s.io \"crb\": "
                + "Precondition failed: UID in precondition: nope, UID in object meta: "
                + created.at("/metadata/uid").asText(), wrongUid.status().message());
        StatusException wrongRv = assertThrows(StatusException.class,
                () -> store.delete(CLUSTER_ROLE_BINDINGS, "", "crb", new Preconditions("", "7")));
        assertEquals(409, wrongRv.status().code());

        DeleteResult deleted = store.delete(CLUSTER_ROLE_BINDINGS, "", "crb",
                new Preconditions(created.at("/metadata/uid").asText(), "1"));
        assertTrue(deleted.deletedImmediately());
        assertEquals(created, deleted.object());
        assertEquals("2", store.currentResourceVersion());
        assertThrows(StatusException.class, () -> store.get(CLUSTER_ROLE_BINDINGS, "", "crb"));
    }

    @Test
    void finalizersTurnDeleteIntoADeletionTimestampUntilTheLastIsRemoved() {
        store.create(CONFIG_MAPS, "default", json("{'metadata':{'name':'held','finalizers':['example.com/hold']}}"));
        DeleteResult marked = store.delete(CONFIG_MAPS, "default", "held", Preconditions.NONE);
        assertFalse(marked.deletedImmediately());
        assertEquals("2018-01-01T00:00:00Z", marked.object().at("/metadata/deletionTimestamp").asText());
        assertEquals(0, marked.object().at("/metadata/deletionGracePeriodSeconds").asInt());

        ObjectNode released = store.get(CONFIG_MAPS, "default", "held");
        released.withObject("/metadata").remove("finalizers");
        store.update(CONFIG_MAPS, "default", "held", released);
        assertThrows(StatusException.class, () -> store.get(CONFIG_MAPS, "default", "held"));
    }

    @Test
    void deleteCollectionDeletesWhatTheSelectorsMatch() {
        store.create(CONFIG_MAPS, "default", configMap("a", "'app':'x'"));
        store.create(CONFIG_MAPS, "default", configMap("b", "'app':'y'"));
        store.create(CONFIG_MAPS, "other", configMap("c", "'app':'x'"));
        ObjectList deleted = store.deleteCollection(CONFIG_MAPS, "default", ListOptions.selecting("app=x", ""));
        assertEquals(List.of("a"), deleted.items().stream().map(ObjectMeta::name).toList());
        assertEquals(List.of("b"), store.list(CONFIG_MAPS, "default", ListOptions.EVERYTHING).items().stream()
                .map(ObjectMeta::name).toList());
        assertEquals(1, store.list(CONFIG_MAPS, "other", ListOptions.EVERYTHING).items().size());
    }

    @Test
    void clusterScopedObjectsLoseAnyNamespaceTheyAreSent() {
        ObjectNode node = store.create(NODES, "", json("{'metadata':{'name':'n','namespace':'default'}}"));
        assertFalse(node.withObject("/metadata").has("namespace"));
    }
}
