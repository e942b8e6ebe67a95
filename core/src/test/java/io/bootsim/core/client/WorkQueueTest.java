package io.bootsim.core.client;

import io.bootsim.core.client.workqueue.RateLimiter;
import io.bootsim.core.client.workqueue.WorkQueue;
import io.bootsim.core.time.VirtualClock;
import io.bootsim.core.time.VirtualScheduler;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WorkQueueTest {

    final VirtualClock clock = new VirtualClock(Instant.parse("2025-01-01T00:00:00Z"));
    final VirtualScheduler scheduler = new VirtualScheduler(clock);
    final List<String> handed = new ArrayList<>();

    @Test
    void aKeyQueuedTwiceIsHandedOutOnce() {
        WorkQueue q = new WorkQueue(scheduler, RateLimiter.defaultControllerRateLimiter(clock), 5);
        q.run(handed::add);
        q.add("a");
        q.add("a");
        q.add("b");
        scheduler.runUntilIdle();
        assertEquals(List.of("a", "b"), handed);
    }

    @Test
    void aKeyAddedWhileHeldIsHandedOutAgainOnlyAfterDone() {
        WorkQueue q = new WorkQueue(scheduler, RateLimiter.defaultControllerRateLimiter(clock), 5);
        q.run(handed::add);
        q.add("a");
        scheduler.runUntilIdle();
        q.add("a");
        scheduler.runUntilIdle();
        assertEquals(List.of("a"), handed);
        q.done("a");
        scheduler.runUntilIdle();
        assertEquals(List.of("a", "a"), handed);
    }

    @Test
    void noMoreKeysAreHeldThanThereAreWorkers() {
        WorkQueue q = new WorkQueue(scheduler, RateLimiter.defaultControllerRateLimiter(clock), 2);
        q.run(handed::add);
        List.of("a", "b", "c").forEach(q::add);
        scheduler.runUntilIdle();
        assertEquals(List.of("a", "b"), handed);
        assertEquals(1, q.length());
        q.done("b");
        scheduler.runUntilIdle();
        assertEquals(List.of("a", "b", "c"), handed);
    }

    @Test
    void perItemBackoffDoublesFrom5msAndForgetResetsIt() {
        RateLimiter limiter = RateLimiter.defaultControllerRateLimiter(clock);
        assertEquals(Duration.ofMillis(5), limiter.when("x"));
        assertEquals(Duration.ofMillis(10), limiter.when("x"));
        assertEquals(Duration.ofMillis(20), limiter.when("x"));
        assertEquals(3, limiter.numRequeues("x"));
        limiter.forget("x");
        assertEquals(Duration.ofMillis(5), limiter.when("x"));
        RateLimiter capped = RateLimiter.exponential(Duration.ofMillis(200), Duration.ofSeconds(1000));
        for (int i = 0; i < 20; i++) {
            capped.when("y");
        }
        assertEquals(Duration.ofSeconds(1000), capped.when("y"));
    }

    @Test
    void theOverallBucketThrottlesOnceItsBurstIsSpent() {
        RateLimiter limiter = RateLimiter.defaultControllerRateLimiter(clock);
        for (int i = 0; i < 100; i++) {
            limiter.when("item-" + i);
        }
        // the 101st distinct item waits for a token at 10 qps, longer than its 5ms per-item backoff
        assertEquals(Duration.ofMillis(100), limiter.when("item-100"));
    }

    @Test
    void addRateLimitedWaitsOnTheSchedulersClock() {
        WorkQueue q = new WorkQueue(scheduler, RateLimiter.exponential(Duration.ofMillis(200), Duration.ofSeconds(1000)), 1);
        q.run(k -> {
            handed.add(k + "@" + clock.now().toEpochMilli() % 100_000);
            q.done(k);
        });
        q.addRateLimited("a");
        scheduler.advance(Duration.ofMillis(199));
        assertEquals(List.of(), handed);
        scheduler.advance(Duration.ofMillis(1));
        assertEquals(List.of("a@200"), handed);
    }
}
