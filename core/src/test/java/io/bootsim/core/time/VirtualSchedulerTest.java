package io.bootsim.core.time;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VirtualSchedulerTest {

    private static final Instant START = Instant.parse("2018-01-01T00:00:00Z");
    private final VirtualClock clock = new VirtualClock(START);
    private final VirtualScheduler scheduler = new VirtualScheduler(clock, Duration.ofSeconds(10));
    private final List<String> ran = new ArrayList<>();

    @Test
    void timeMovesOnlyWhenTold() {
        scheduler.schedule(Duration.ofHours(1), () -> ran.add("timer"));
        scheduler.runUntilIdle();
        assertEquals(START, clock.now());
        assertEquals(List.of(), ran);
        scheduler.advance(Duration.ofMinutes(59));
        assertEquals(List.of(), ran);
        scheduler.advance(Duration.ofMinutes(1));
        assertEquals(List.of("timer"), ran);
        assertEquals(START.plus(Duration.ofHours(1)), clock.now());
    }

    @Test
    void timersFireInTimeOrderAndTiesInRegistrationOrder() {
        scheduler.schedule(Duration.ofSeconds(2), () -> ran.add("b at 2s"));
        scheduler.schedule(Duration.ofSeconds(1), () -> ran.add("a at 1s"));
        scheduler.schedule(Duration.ofSeconds(2), () -> ran.add("c at 2s"));
        scheduler.advance(Duration.ofSeconds(5));
        assertEquals(List.of("a at 1s", "b at 2s", "c at 2s"), ran);
    }

    @Test
    void eachTimerSeesTheClockAtItsOwnInstant() {
        List<Instant> seen = new ArrayList<>();
        scheduler.schedule(Duration.ofDays(365), () -> seen.add(clock.now()));
        scheduler.schedule(Duration.ofDays(1), () -> seen.add(clock.now()));
        scheduler.advance(Duration.ofDays(400));
        assertEquals(List.of(START.plus(Duration.ofDays(1)), START.plus(Duration.ofDays(365))), seen);
        assertEquals(START.plus(Duration.ofDays(400)), clock.now());
    }

    @Test
    void cancelledTimersNeverRun() {
        Scheduler.Timer timer = scheduler.schedule(Duration.ofSeconds(1), () -> ran.add("cancelled"));
        assertTrue(timer.cancel());
        scheduler.advance(Duration.ofSeconds(2));
        assertEquals(List.of(), ran);
    }

    @Test
    void runUntilStopsAtTheConditionWithoutJumpingFurther() {
        scheduler.schedule(Duration.ofMinutes(1), () -> ran.add("first"));
        scheduler.schedule(Duration.ofMinutes(2), () -> ran.add("second"));
        assertTrue(scheduler.runUntil(() -> !ran.isEmpty(), START.plus(Duration.ofHours(1))));
        assertEquals(List.of("first"), ran);
        assertEquals(START.plus(Duration.ofMinutes(1)), clock.now());
        assertFalse(scheduler.runUntil(() -> ran.size() > 5, START.plus(Duration.ofMinutes(30))));
    }

    @Test
    void completionsFromOtherThreadsRunInKeyOrderWhateverOrderTheyArriveIn() throws Exception {
        Scheduler.Completion b = scheduler.expectCompletion("b");
        Scheduler.Completion a = scheduler.expectCompletion("a");
        CountDownLatch started = new CountDownLatch(1);
        Thread network = new Thread(() -> {
            started.countDown();
            b.complete(() -> ran.add("b"));
            a.complete(() -> ran.add("a"));
        });
        network.start();
        started.await();
        scheduler.runUntilIdle();
        network.join();
        assertEquals(List.of("a", "b"), ran);
    }

    @Test
    void nothingElseRunsWhileACompletionIsOutstanding() throws Exception {
        Scheduler.Completion response = scheduler.expectCompletion("request");
        scheduler.execute(() -> ran.add("queued task"));
        Thread network = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            response.complete(() -> ran.add("response"));
        });
        network.start();
        scheduler.runUntilIdle();
        network.join();
        // the queued task waited for the response to arrive; both then ran on this thread
        assertEquals(2, ran.size());
        assertTrue(ran.containsAll(List.of("queued task", "response")));
    }

    @Test
    void aCompletionThatNeverArrivesFailsTheRunAfterTheWatchdog() {
        VirtualScheduler impatient = new VirtualScheduler(clock, Duration.ofMillis(100));
        impatient.expectCompletion("lost request");
        IllegalStateException e = assertThrows(IllegalStateException.class, impatient::runUntilIdle);
        assertTrue(e.getMessage().contains("lost request"), e.getMessage());
    }
}
