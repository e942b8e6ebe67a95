package io.bootsim.scenario.run;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScenarioPoolTest {

    @Test
    void resultsComeBackInInputOrderWhenLaterWorkFinishesFirst() {
        CountDownLatch secondDone = new CountDownLatch(1);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<String> got = new ArrayList<>();
        new ScenarioPool(2).run(List.of("first", "second", "third"), name -> {
            threads.add(Thread.currentThread().getName());
            if (name.equals("first")) {
                // the first finishes only after the second: both ran at once
                await(secondDone);
            } else if (name.equals("second")) {
                secondDone.countDown();
            }
            return name + " done";
        }, got::add);
        assertEquals(List.of("first done", "second done", "third done"), got);
        assertEquals(2, threads.size(), "two workers: " + threads);
        assertTrue(threads.stream().allMatch(t -> t.startsWith("scenario-")), threads.toString());
    }

    @Test
    void oneJobRunsEverythingOnTheCallingThread() {
        List<String> threads = new ArrayList<>();
        new ScenarioPool(1).run(List.of(1, 2), i -> Thread.currentThread().getName(), threads::add);
        assertEquals(List.of(Thread.currentThread().getName(), Thread.currentThread().getName()), threads);
    }

    @Test
    void aFailingPieceOfWorkFailsTheRunWithItsOwnException() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new ScenarioPool(2).run(
                List.of("ok", "bad"), s -> {
                    if (s.equals("bad")) {
                        throw new IllegalStateException("bad input");
                    }
                    return s;
                }, s -> { }));
        assertEquals("bad input", e.getMessage());
    }

    @Test
    void atLeastOneJob() {
        assertThrows(IllegalArgumentException.class, () -> new ScenarioPool(0));
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS), "the second piece never ran alongside the first");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
