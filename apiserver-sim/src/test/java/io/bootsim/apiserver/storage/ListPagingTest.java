package io.bootsim.apiserver.storage;

import io.bootsim.core.api.StatusException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;
import io.bootsim.core.random.RandomStreams;
import io.bootsim.core.time.VirtualClock;
import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static io.bootsim.apiserver.storage.Objects.CONFIG_MAPS;
import static io.bootsim.apiserver.storage.Objects.CSRS;
import static io.bootsim.apiserver.storage.Objects.configMap;
import static io.bootsim.apiserver.storage.Objects.csr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ListPagingTest {

    private final MemoryStore store = Objects.store();

    private static List<String> names(ObjectList list) {
        return list.items().stream().map(ObjectMeta::name).toList();
    }

    @Test
    void listIsInKeyOrderAtTheCurrentResourceVersion() {
        store.create(CSRS, "", csr("csr-b", "kubernetes.io/kubelet-serving"));
        store.create(CSRS, "", csr("csr-a", "kubernetes.io/kube-apiserver-client-kubelet"));
        ObjectList list = store.list(CSRS, "", ListOptions.EVERYTHING);
        assertEquals(List.of("csr-a", "csr-b"), names(list));
        ObjectNode json = list.toJson(CSRS);
        assertEquals("CertificateSigningRequestList", json.get("kind").asText());
        assertEquals("{\"resourceVersion\":\"2\"}", json.get("metadata").toString());
        assertTrue(json.at("/items/0/kind").isMissingNode(), "list items carry no kind");
    }

    @Test
    void fieldSelectorOnSignerNameFiltersCsrs() {
        store.create(CSRS, "", csr("csr-a", "kubernetes.io/kube-apiserver-client-kubelet"));
        store.create(CSRS, "", csr("csr-b", "kubernetes.io/kubelet-serving"));
        ObjectList serving = store.list(CSRS, "", ListOptions.selecting("", "spec.signerName=kubernetes.io/kubelet-serving"));
        assertEquals(List.of("csr-b"), names(serving));
    }

    @Test
    void aListOfOneNameFindsItAndOnlyItAsTheFullScanWould() {
        for (String n : List.of("a", "b", "c")) {
            store.create(CONFIG_MAPS, "default", configMap(n, "'app':'x'"));
            store.create(CONFIG_MAPS, "other", configMap(n, "'app':'x'"));
        }
        ObjectList b = store.list(CONFIG_MAPS, "default", new ListOptions("app=x", "metadata.name=b", "", "", 500, ""));
        assertEquals(List.of("b"), names(b));
        assertEquals("default", ObjectMeta.namespace(b.items().get(0)));
        assertEquals("", b.continueToken());
        assertEquals(List.of(), names(store.list(CONFIG_MAPS, "default", ListOptions.selecting("app=y", "metadata.name=b"))));
        assertEquals(List.of(), names(store.list(CONFIG_MAPS, "default", ListOptions.selecting("", "metadata.name=z"))));
        assertEquals(List.of("b", "b"), names(store.list(CONFIG_MAPS, "", ListOptions.selecting("", "metadata.name=b"))),
                "across namespaces every namespace's b");
        // a page of one keeps the scan's continue token (what follows b is counted as unknown)
        ObjectList page = store.list(CONFIG_MAPS, "default", new ListOptions("", "metadata.name=a", "", "", 1, ""));
        assertEquals(List.of("a"), names(page));
        assertTrue(!page.continueToken().isEmpty());
    }

    @Test
    void pagesFollowTheContinueTokenAndCountWhatRemains() {
        for (String n : List.of("a", "b", "c", "d", "e")) {
            store.create(CONFIG_MAPS, "default", configMap(n, ""));
        }
        ObjectList first = store.list(CONFIG_MAPS, "default", ListOptions.page(2, ""));
        assertEquals(List.of("a", "b"), names(first));
        assertEquals(3L, first.remainingItemCount());
        String token = new String(Base64.getUrlDecoder().decode(first.continueToken()), StandardCharsets.UTF_8);
        assertEquals("{\"v\":\"meta.k8s.io/v1\",\"rv\":5,\"start\":\"b\\u0000\"}", token);

        ObjectList second = store.list(CONFIG_MAPS, "default", ListOptions.page(2, first.continueToken()));
        assertEquals(List.of("c", "d"), names(second));
        ObjectList last = store.list(CONFIG_MAPS, "default", ListOptions.page(2, second.continueToken()));
        assertEquals(List.of("e"), names(last));
        assertEquals("", last.continueToken());
        assertNull(last.remainingItemCount());
    }

    @Test
    void laterPagesShowTheListAsItWasAtTheFirstPage() {
        for (String n : List.of("a", "b", "c", "d")) {
            store.create(CONFIG_MAPS, "default", configMap(n, ""));
        }
        ObjectList first = store.list(CONFIG_MAPS, "default", ListOptions.page(2, ""));
        store.delete(CONFIG_MAPS, "default", "c", Preconditions.NONE);
        store.create(CONFIG_MAPS, "default", configMap("bb", ""));
        ObjectList second = store.list(CONFIG_MAPS, "default", ListOptions.page(10, first.continueToken()));
        assertEquals(List.of("c", "d"), names(second));
        assertEquals("4", second.resourceVersion());
    }

    @Test
    void filteredPagesDoNotCountRemainingItems() {
        for (String n : List.of("a", "b", "c")) {
            store.create(CONFIG_MAPS, "default", configMap(n, "'app':'x'"));
        }
        ObjectList first = store.list(CONFIG_MAPS, "default", new ListOptions("app=x", "", "", "", 1, ""));
        assertEquals(List.of("a"), names(first));
        assertNull(first.remainingItemCount());
        assertTrue(!first.continueToken().isEmpty());
    }

    @Test
    void continueTokenOlderThanTheHistoryIsExpired() {
        MemoryStore small = new MemoryStore(new VirtualClock(VirtualClock.DEFAULT_START), RandomStreams.seeded(1),
                KubeVersion.NEWEST, 3, 10);
        for (String n : List.of("a", "b", "c")) {
            small.create(CONFIG_MAPS, "default", configMap(n, ""));
        }
        ObjectList first = small.list(CONFIG_MAPS, "default", ListOptions.page(1, ""));
        // three more writes still leave resourceVersion 3 rebuildable; the fourth pushes it out
        for (String n : List.of("x", "y", "z")) {
            small.create(CONFIG_MAPS, "default", configMap(n, ""));
        }
        assertEquals(List.of("b"), names(small.list(CONFIG_MAPS, "default", ListOptions.page(1, first.continueToken()))));
        small.create(CONFIG_MAPS, "default", configMap("w", ""));
        StatusException e = assertThrows(StatusException.class,
                () -> small.list(CONFIG_MAPS, "default", ListOptions.page(1, first.continueToken())));
        assertEquals(410, e.status().code());
        assertEquals("Expired", e.status().reason());
        assertTrue(e.status().message().startsWith("The provided continue parameter is too old to display a consistent list result."));
        String inconsistent = (String) e.status().metadata().get("continue");
        ObjectList rest = small.list(CONFIG_MAPS, "default", ListOptions.page(10, inconsistent));
        assertEquals(List.of("b", "c", "w", "x", "y", "z"), names(rest));
    }

    @Test
    void malformedContinueTokenIsBadRequest() {
        StatusException e = assertThrows(StatusException.class,
                () -> store.list(CONFIG_MAPS, "default", ListOptions.page(1, "bm90LWpzb24")));
        assertEquals(400, e.status().code());
        assertTrue(e.status().message().startsWith("invalid continue token: continue key is not valid"), e.status().message());
        String traversal = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"v\":\"meta.k8s.io/v1\",\"rv\":1,\"start\":\"../secrets\"}".getBytes(StandardCharsets.UTF_8));
        assertThrows(StatusException.class, () -> store.list(CONFIG_MAPS, "default", ListOptions.page(1, traversal)));
    }

    @Test
    void continueWithResourceVersionIsForbidden() {
        StatusException e = assertThrows(StatusException.class,
                () -> store.list(CONFIG_MAPS, "default", new ListOptions("", "", "5", "", 1, "abc")));
        assertEquals(422, e.status().code());
        assertEquals("ListOptions.meta.k8s.io \"\" is invalid: resourceVersion: Forbidden: specifying resource "
                + "version is not allowed when using continue", e.status().message());
    }

    @Test
    void exactResourceVersionListsThePastOrSaysTooOld() {
        store.create(CONFIG_MAPS, "default", configMap("a", ""));
        store.create(CONFIG_MAPS, "default", configMap("b", ""));
        ObjectList atOne = store.list(CONFIG_MAPS, "default", new ListOptions("", "", "1", "Exact", 0, ""));
        assertEquals(List.of("a"), names(atOne));
        assertEquals("1", atOne.resourceVersion());
        StatusException tooLarge = assertThrows(StatusException.class,
                () -> store.list(CONFIG_MAPS, "default", new ListOptions("", "", "99", "", 0, "")));
        assertEquals(504, tooLarge.status().code());
        assertEquals("Timeout: Too large resource version: 99, current: 2", tooLarge.status().message());
        assertEquals("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"Timeout: Too large resource version: 99, current: 2\",\"reason\":\"Timeout\","
                + "\"details\":{\"causes\":[{\"reason\":\"ResourceVersionTooLarge\",\"message\":\"Too large resource version\"}],"
                + "\"retryAfterSeconds\":1},\"code\":504}", Json.write(tooLarge.status()));
    }
}
