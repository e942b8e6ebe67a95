package io.bootsim.apiserver.storage;

import io.bootsim.core.api.StatusException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static io.bootsim.apiserver.storage.Objects.CLUSTER_ROLE_BINDINGS;
import static io.bootsim.apiserver.storage.Objects.CONFIG_MAPS;
import static io.bootsim.apiserver.storage.Objects.CSRS;
import static io.bootsim.apiserver.storage.Objects.LEASES;
import static io.bootsim.apiserver.storage.Objects.NODES;
import static io.bootsim.apiserver.storage.Objects.csr;
import static io.bootsim.apiserver.storage.Objects.json;
import static io.bootsim.apiserver.storage.PatchType.JSON_PATCH;
import static io.bootsim.apiserver.storage.PatchType.MERGE_PATCH;
import static io.bootsim.apiserver.storage.PatchType.STRATEGIC_MERGE_PATCH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PatchTest {

    private final MemoryStore store = Objects.store();

    private ObjectNode node() {
        return store.create(NODES, "", json("{'metadata':{'name':'node-1','labels':{'kubernetes.io/hostname':'node-1'}},"
                + "'status':{'conditions':["
                + "{'type':'MemoryPressure','status':'False','reason':'KubeletHasSufficientMemory'},"
                + "{'type':'Ready','status':'True','reason':'KubeletReady','lastHeartbeatTime':'2018-01-01T00:00:00Z'}],"
                + "'addresses':[{'type':'InternalIP','address':'10.0.0.1'},{'type':'Hostname','address':'node-1'}]}}"));
    }

    private static String p(String text) {
        return text.replace('\'', '"');
    }

    @Test
    void contentTypesNameThePatchTypes() {
        assertEquals(Optional.of(STRATEGIC_MERGE_PATCH), PatchType.of("application/strategic-merge-patch+json; charset=utf-8"));
        assertEquals(Optional.of(MERGE_PATCH), PatchType.of("application/merge-patch+json"));
        assertEquals(Optional.of(JSON_PATCH), PatchType.of("application/json-patch+json"));
        assertEquals(Optional.empty(), PatchType.of("application/apply-patch+yaml"));
    }

    @Test
    void kubectlLabelAddsAndRemovesLabelsWithAMergePatch() {
        node();
        ObjectNode labelled = store.patch(NODES, "", "node-1", MERGE_PATCH, p("{'metadata':{'labels':{'role':'worker'}}}"));
        assertEquals("worker", labelled.at("/metadata/labels/role").asText());
        assertEquals("2", labelled.at("/metadata/resourceVersion").asText());
        ObjectNode unlabelled = store.patch(NODES, "", "node-1", MERGE_PATCH, p("{'metadata':{'labels':{'role':null}}}"));
        assertFalse(unlabelled.at("/metadata/labels").has("role"));
        assertEquals("node-1", unlabelled.at("/metadata/labels/kubernetes.io~1hostname").asText());
    }

    @Test
    void mergePatchReplacesListsWhole() {
        node();
        ObjectNode patched = store.patch(NODES, "", "node-1", MERGE_PATCH,
                p("{'status':{'conditions':[{'type':'Ready','status':'False'}]}}"));
        assertEquals(1, patched.at("/status/conditions").size());
    }

    @Test
    void patchThatChangesNothingKeepsTheResourceVersion() {
        node();
        ObjectNode same = store.patch(NODES, "", "node-1", MERGE_PATCH, p("{'metadata':{'labels':{'kubernetes.io/hostname':'node-1'}}}"));
        assertEquals("1", same.at("/metadata/resourceVersion").asText());
    }

    @Test
    void kubectlApplyReplacesTheSubjectsOfAClusterRoleBinding() {
        String lastApplied = "{\\\"apiVersion\\\":\\\"rbac.authorization.k8s.io/v1\\\",\\\"kind\\\":\\\"ClusterRoleBinding\\\"}\\n";
        store.create(CLUSTER_ROLE_BINDINGS, "", json("{'metadata':{'name':'kubelet-bootstrap','annotations':"
                + "{'kubectl.kubernetes.io/last-applied-configuration':'old'}},"
                + "'roleRef':{'apiGroup':'rbac.authorization.k8s.io','kind':'ClusterRole','name':'system:node-bootstrapper'},"
                + "'subjects':[{'apiGroup':'rbac.authorization.k8s.io','kind':'User','name':'kubelet-bootstrap'}]}"));
        // the body client-side apply sends when the file gained a subject (kubectl-wire.md 5.10)
        String body = "{\"metadata\":{\"annotations\":{\"kubectl.kubernetes.io/last-applied-configuration\":\"" + lastApplied
                + "\"}},\"subjects\":[{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\"User\",\"name\":\"kubelet-bootstrap\"},"
                + "{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\"Group\",\"name\":\"system:bootstrappers\"}]}";
        ObjectNode applied = store.patch(CLUSTER_ROLE_BINDINGS, "", "kubelet-bootstrap", STRATEGIC_MERGE_PATCH, body);
        assertEquals(2, applied.at("/subjects").size());
        assertEquals("system:bootstrappers", applied.at("/subjects/1/name").asText());
        assertEquals("system:node-bootstrapper", applied.at("/roleRef/name").asText());
        assertEquals("{\"apiVersion\":\"rbac.authorization.k8s.io/v1\",\"kind\":\"ClusterRoleBinding\"}\n",
                applied.at("/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration").asText());
    }

    @Test
    void kubeletStatusPatchMergesNodeConditionsByTypeInTheOrderItSets() {
        node();
        ObjectNode patched = store.patch(NODES, "", "node-1", STRATEGIC_MERGE_PATCH, p("{'status':{"
                + "'$setElementOrder/conditions':[{'type':'MemoryPressure'},{'type':'Ready'}],"
                + "'conditions':[{'type':'Ready','status':'False','lastHeartbeatTime':'2018-01-01T00:00:40Z'}]}}"));
        assertEquals(p("[{'type':'MemoryPressure','status':'False','reason':'KubeletHasSufficientMemory'},"
                        + "{'type':'Ready','status':'False','reason':'KubeletReady','lastHeartbeatTime':'2018-01-01T00:00:40Z'}]"),
                patched.at("/status/conditions").toString());
    }

    @Test
    void setElementOrderPlacesNewItemsAmongThePatchedOnesAndKeepsServerOnlyItems() {
        node();
        ObjectNode patched = store.patch(NODES, "", "node-1", STRATEGIC_MERGE_PATCH, p("{'status':{"
                + "'$setElementOrder/conditions':[{'type':'DiskPressure'},{'type':'Ready'}],"
                + "'conditions':[{'type':'DiskPressure','status':'False'}]}}"));
        assertEquals("[\"DiskPressure\",\"MemoryPressure\",\"Ready\"]",
                patched.at("/status/conditions").findValuesAsText("type").stream()
                        .map(t -> "\"" + t + "\"").toList().toString().replace(", ", ","));
    }

    @Test
    void nodeAddressesMergeByType() {
        node();
        ObjectNode patched = store.patch(NODES, "", "node-1", STRATEGIC_MERGE_PATCH,
                p("{'status':{'addresses':[{'type':'InternalIP','address':'10.0.0.2'}]}}"));
        assertEquals(p("[{'type':'InternalIP','address':'10.0.0.2'},{'type':'Hostname','address':'node-1'}]"),
                patched.at("/status/addresses").toString());
    }

    @Test
    void deleteDirectiveRemovesAListItemByMergeKey() {
        node();
        ObjectNode patched = store.patch(NODES, "", "node-1", STRATEGIC_MERGE_PATCH,
                p("{'status':{'conditions':[{'type':'MemoryPressure','$patch':'delete'}]}}"));
        assertEquals(1, patched.at("/status/conditions").size());
        assertEquals("Ready", patched.at("/status/conditions/0/type").asText());
    }

    @Test
    void listsWithoutAMergeKeyAreReplacedEvenByAStrategicPatch() {
        store.create(CSRS, "", csr("csr-1", "kubernetes.io/kube-apiserver-client-kubelet"));
        store.patch(CSRS, "", "csr-1", STRATEGIC_MERGE_PATCH,
                p("{'status':{'conditions':[{'type':'Approved','status':'True'}]}}"));
        ObjectNode patched = store.patch(CSRS, "", "csr-1", STRATEGIC_MERGE_PATCH,
                p("{'status':{'conditions':[{'type':'Failed','status':'True'}]}}"));
        assertEquals(p("[{'type':'Failed','status':'True'}]"), patched.at("/status/conditions").toString());
    }

    @Test
    void finalizersMergeAsASetAndLoseWhatDeleteFromPrimitiveListNames() {
        store.create(CONFIG_MAPS, "default", json("{'metadata':{'name':'cm','finalizers':['a','b']}}"));
        ObjectNode patched = store.patch(CONFIG_MAPS, "default", "cm", STRATEGIC_MERGE_PATCH,
                p("{'metadata':{'$deleteFromPrimitiveList/finalizers':['a'],'finalizers':['b','c']}}"));
        assertEquals("[\"b\",\"c\"]", patched.at("/metadata/finalizers").toString());
    }

    @Test
    void replaceDirectiveReplacesAMapAndRetainKeysDropsOthers() {
        store.create(LEASES, "kube-node-lease", json("{'metadata':{'name':'node-1','labels':{'a':'1','b':'2'}},"
                + "'spec':{'holderIdentity':'node-1','leaseDurationSeconds':40,'renewTime':'2018-01-01T00:00:00.000000Z'}}"));
        ObjectNode patched = store.patch(LEASES, "kube-node-lease", "node-1", STRATEGIC_MERGE_PATCH, p("{"
                + "'metadata':{'labels':{'$patch':'replace','only':'this'}},"
                + "'spec':{'$retainKeys':['holderIdentity','leaseDurationSeconds'],'leaseDurationSeconds':10}}"));
        assertEquals("{\"only\":\"this\"}", patched.at("/metadata/labels").toString());
        assertEquals("{\"holderIdentity\":\"node-1\",\"leaseDurationSeconds\":10}", patched.at("/spec").toString());
    }

    @Test
    void strategicItemWithoutItsMergeKeyIsAnInternalError() {
        node();
        StatusException e = assertThrows(StatusException.class, () -> store.patch(NODES, "", "node-1",
                STRATEGIC_MERGE_PATCH, p("{'status':{'conditions':[{'status':'False'}]}}")));
        assertEquals(500, e.status().code());
        assertEquals("Internal error occurred: map: map[status:False] does not contain declared merge key: type",
                e.status().message());
    }

    @Test
    void jsonPatchAppliesOperationsInOrderWithEscapedPointers() {
        node();
        ObjectNode patched = store.patch(NODES, "", "node-1", JSON_PATCH, p("["
                + "{'op':'test','path':'/metadata/labels/kubernetes.io~1hostname','value':'node-1'},"
                + "{'op':'add','path':'/metadata/labels/role','value':'worker'},"
                + "{'op':'remove','path':'/status/conditions/0'},"
                + "{'op':'copy','from':'/metadata/labels/role','path':'/metadata/labels/copy'},"
                + "{'op':'move','from':'/metadata/labels/copy','path':'/metadata/labels/moved'},"
                + "{'op':'add','path':'/status/addresses/-','value':{'type':'ExternalIP','address':'1.2.3.4'}},"
                + "{'op':'replace','path':'/status/addresses/0/address','value':'10.0.0.9'}]"));
        assertEquals("{\"kubernetes.io/hostname\":\"node-1\",\"role\":\"worker\",\"moved\":\"worker\"}",
                patched.at("/metadata/labels").toString());
        assertEquals("Ready", patched.at("/status/conditions/0/type").asText());
        assertEquals("10.0.0.9", patched.at("/status/addresses/0/address").asText());
        assertEquals("ExternalIP", patched.at("/status/addresses/2/type").asText());
    }

    @Test
    void failedJsonPatchTestIsTheGeneric422WithTheReasonKeptForTheTrace() {
        node();
        StatusException e = assertThrows(StatusException.class, () -> store.patch(NODES, "", "node-1", JSON_PATCH,
                p("[{'op':'test','path':'/metadata/labels/kubernetes.io~1hostname','value':'other'}]")));
        assertEquals("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"the server rejected our request due to an error in our request\",\"reason\":\"Invalid\","
                + "\"details\":{},\"code\":422}\n", e.status().toJson());
        assertEquals("testing value /metadata/labels/kubernetes.io~1hostname failed: test failed", e.getMessage());
        assertEquals("1", store.get(NODES, "", "node-1").at("/metadata/resourceVersion").asText());
    }

    @Test
    void jsonPatchOnAMissingPathDoesNotApply() {
        node();
        StatusException e = assertThrows(StatusException.class, () -> store.patch(NODES, "", "node-1", JSON_PATCH,
                p("[{'op':'add','path':'/spec/taints/0','value':{}}]")));
        assertEquals(422, e.status().code());
        assertEquals("add operation does not apply: doc is missing path: \"/spec/taints/0\": missing value", e.getMessage());
    }

    @Test
    void patchCarryingAStaleResourceVersionIsConflict() {
        node();
        store.patch(NODES, "", "node-1", MERGE_PATCH, p("{'metadata':{'labels':{'a':'b'}}}"));
        StatusException e = assertThrows(StatusException.class, () -> store.patch(NODES, "", "node-1", MERGE_PATCH,
                p("{'metadata':{'resourceVersion':'1','labels':{'a':'c'}}}")));
        assertEquals(409, e.status().code());
        assertEquals("Conflict", e.status().reason());
    }

    @Test
    void patchOfAMissingObjectIsNotFoundAndBadJsonIsBadRequest() {
        StatusException missing = assertThrows(StatusException.class,
                () -> store.patch(NODES, "", "nosuch", MERGE_PATCH, "{}"));
        assertEquals(404, missing.status().code());
        node();
        StatusException bad = assertThrows(StatusException.class,
                () -> store.patch(NODES, "", "node-1", STRATEGIC_MERGE_PATCH, "{not json"));
        assertEquals(400, bad.status().code());
        StatusException rename = assertThrows(StatusException.class,
                () -> store.patch(NODES, "", "node-1", MERGE_PATCH, p("{'metadata':{'name':'node-2'}}")));
        assertEquals("the name of the object (node-2) does not match the name on the URL (node-1)", rename.status().message());
    }
}
