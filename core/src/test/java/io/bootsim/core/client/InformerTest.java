package io.bootsim.core.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;
import io.bootsim.core.log.Klog;
import io.bootsim.core.log.LogLine;
import io.bootsim.core.time.VirtualClock;
import io.bootsim.core.time.VirtualScheduler;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InformerTest {

    static final String NODES = "/api/v1/nodes";
    final VirtualClock clock = new VirtualClock(Instant.parse("2025-01-01T00:00:00Z"));
    final VirtualScheduler scheduler = new VirtualScheduler(clock);
    final FakeApi api = new FakeApi(scheduler).collection(NODES);
    final List<String> seen = new ArrayList<>();
    final List<LogLine> logs = new ArrayList<>();
    final Informer informer = new Informer("test", ListWatch.of(api, NODES, "*v1.Node"), scheduler,
            new Klog("test", clock, 4, logs::add), new Random(1));

    static ObjectNode node(String name) {
        ObjectNode n = Json.object();
        n.putObject("metadata").put("name", name);
        return n;
    }

    InformerTest() {
        informer.addEventHandler(new ResourceEventHandler() {
            public void onAdd(ObjectNode o) {
                seen.add("add " + ObjectKey.of(o));
            }

            public void onUpdate(ObjectNode old, ObjectNode o) {
                seen.add("update " + ObjectKey.of(o));
            }

            public void onDelete(ObjectNode o) {
                seen.add("delete " + ObjectKey.of(o));
            }
        });
    }

    @Test
    void listsThenWatchesFromTheListsResourceVersion() {
        api.put(NODES, node("a"));
        informer.start();
        scheduler.runUntilIdle();
        assertTrue(informer.hasSynced());
        assertEquals(List.of("add a"), seen);
        assertEquals(List.of("GET " + NODES, "WATCH " + NODES), api.requests());

        api.put(NODES, node("b"));
        api.put(NODES, node("a"));
        api.remove(NODES, "b");
        scheduler.runUntilIdle();
        assertEquals(List.of("add a", "add b", "update a", "delete b"), seen);
        assertEquals(List.of("a"), informer.store().keys());
    }

    @Test
    void relistsAfterBackoffOn410AndReportsWhatChangedMeanwhile() {
        api.put(NODES, node("a"));
        informer.start();
        scheduler.runUntilIdle();
        informer.stop(); // miss events while "disconnected", then resume with a fresh informer state
        informer.start();
        api.expireWatches(NODES);
        scheduler.runUntilIdle();
        api.remove(NODES, "a");
        api.put(NODES, node("c"));
        seen.clear();
        api.clearRequests();
        api.expireWatches(NODES);
        scheduler.runUntilIdle();
        assertEquals(0, api.openWatches(NODES));
        scheduler.advance(Duration.ofSeconds(2)); // first backoff: 800ms plus up to 100% jitter
        assertEquals(List.of("GET " + NODES, "WATCH " + NODES), api.requests());
        assertTrue(seen.containsAll(List.of("delete a", "update c")) || seen.containsAll(List.of("delete a", "add c")),
                seen.toString());
        assertEquals(List.of("c"), informer.store().keys());
    }

    @Test
    void aNormallyClosedWatchIsReopenedWithoutAList() {
        informer.start();
        scheduler.runUntilIdle();
        api.clearRequests();
        api.closeWatches(NODES);
        scheduler.runUntilIdle();
        assertEquals(List.of("WATCH " + NODES), api.requests());
    }

    @Test
    void aFailedListIsRetriedWithGrowingBackoff() {
        api.intercept(r -> r.method().equals("GET") && r.path().equals(NODES)
                ? java.util.Optional.of(FakeApi.error(r, 403, "Forbidden", "nodes is forbidden"))
                : java.util.Optional.empty());
        informer.start();
        scheduler.runUntilIdle();
        scheduler.advance(Duration.ofSeconds(60));
        long lists = api.requests().stream().filter(r -> r.equals("GET " + NODES)).count();
        // 0.8-1.6, 1.6-3.2, 3.2-6.4, 6.4-12.8, 12.8-25.6, 25.6-51.2 s: between 4 and 7 attempts in a minute
        assertTrue(lists >= 4 && lists <= 7, "lists: " + lists);
        assertTrue(logs.stream().anyMatch(l -> l.message().equals("test: Failed to list *v1.Node: nodes is forbidden")),
                logs.toString());
    }
}
