package io.bootsim.apiserver.storage;

import io.bootsim.core.api.Json;
import io.bootsim.core.time.Clock;
import io.bootsim.core.time.VirtualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Upstream's watch cache sizing: a burst grows the history, a quiet resource's shrinks back. */
class WatchCacheTest {

    private Instant now = VirtualClock.DEFAULT_START;
    private final Clock clock = () -> now;
    private long rv;

    private void add(WatchCache cache, int changes) {
        for (int i = 0; i < changes; i++) {
            rv++;
            cache.add(new WatchCache.Change(rv, WatchEvent.Type.ADDED, "k" + rv, Json.object(), null));
        }
    }

    @Test
    void aBurstWithinSeventyFiveSecondsGrowsTheHistoryInsteadOfForgetting() {
        WatchCache cache = WatchCache.sized(clock);
        add(cache, 150);

        assertEquals(200, cache.capacity());
        assertTrue(cache.covers(0), "nothing forgotten");
        assertEquals(List.of(149L, 150L), cache.since(148).stream().map(WatchCache.Change::resourceVersion).toList());
        assertEquals(150, cache.since(0).size());
    }

    @Test
    void changesOlderThanSeventyFiveSecondsAreForgottenAtTheLowerBound() {
        WatchCache cache = WatchCache.sized(clock);
        add(cache, 100);
        now = now.plus(Duration.ofSeconds(76));
        add(cache, 1);

        assertEquals(100, cache.capacity());
        assertEquals(1, cache.floor(), "the oldest retained is rv 2");
        assertFalse(cache.covers(0));
        assertEquals(100, cache.since(1).size());
    }

    @Test
    void aQuietResourceShrinksBackKeepingItsNewestChanges() {
        WatchCache cache = WatchCache.sized(clock);
        add(cache, 400); // 100 -> 200 -> 400, full
        assertEquals(400, cache.capacity());
        now = now.plus(Duration.ofSeconds(76));
        add(cache, 1); // the newest quarter is stale: halved to the newest 200, then the oldest of those goes

        assertEquals(200, cache.capacity());
        assertEquals(201, cache.floor(), "the newest 200 kept (rv 201-400), then rv 201 forgotten for rv 401");
        assertEquals(List.of(401L), cache.since(400).stream().map(WatchCache.Change::resourceVersion).toList());
    }

    @Test
    void aFixedHistoryNeverGrows() {
        WatchCache cache = WatchCache.fixed(3, clock);
        add(cache, 5);

        assertEquals(3, cache.capacity());
        assertEquals(2, cache.floor());
        assertEquals(List.of(3L, 4L, 5L), cache.since(2).stream().map(WatchCache.Change::resourceVersion).toList());
    }
}
