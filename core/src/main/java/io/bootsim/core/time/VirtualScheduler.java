package io.bootsim.core.time;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * The deterministic scheduler of simulated mode. One thread (the caller of the run methods) runs
 * one task at a time; announced completions that arrive from network threads are held until all
 * of them are in, then queued in order of their keys; virtual time jumps to the next timer only
 * when nothing is runnable and nothing is in flight. Timers fire in time order, ties in the
 * order they were scheduled.
 */
public final class VirtualScheduler implements Scheduler {

    /** How long a settle condition may go unchecked when nothing wakes the scheduler. */
    public static final long RECHECK_MILLIS = 10;

    private final VirtualClock clock;
    private final Duration watchdog;
    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
    private final PriorityQueue<PendingTimer> timers = new PriorityQueue<>(
            Comparator.comparing(PendingTimer::at).thenComparingLong(PendingTimer::sequence));
    private long timerSequence;

    // Guarded by itself: touched by network threads.
    private final TreeMap<Long, String> outstanding = new TreeMap<>();
    private final List<Arrival> arrivals = new ArrayList<>();
    private long completionSequence;

    private final List<BooleanSupplier> settleConditions = new ArrayList<>();
    private final List<Runnable> settledListeners = new ArrayList<>();

    /**
     * @param watchdog how long (real time) to wait for an announced completion before failing the
     *                 run: a request that never answers is a bug to report, not a hang
     */
    public VirtualScheduler(VirtualClock clock, Duration watchdog) {
        this.clock = clock;
        this.watchdog = watchdog;
    }

    public VirtualScheduler(VirtualClock clock) {
        this(clock, Duration.ofSeconds(60));
    }

    /**
     * Adds a condition that must also hold before the next step runs: work in flight that no
     * completion announces, such as a watch event the apiserver wrote and no client has queued
     * yet. Whatever can make it true calls {@link #wake} afterwards; the scheduler re-checks it
     * then (and, as a safety net, every {@link #RECHECK_MILLIS} ms), bounded by the watchdog.
     */
    public void settleWhen(BooleanSupplier condition) {
        settleConditions.add(condition);
    }

    /**
     * Tells a waiting scheduler that a settle condition may have become true; from any thread,
     * after the change (a count incremented before the call is seen; none is lost).
     */
    public void wake() {
        synchronized (outstanding) {
            outstanding.notifyAll();
        }
    }

    /**
     * Runs {@code listener} on the scheduler thread each time everything in flight has arrived,
     * before the arrivals are queued: the point where what other threads recorded can be put in a
     * deterministic order.
     */
    public void whenSettled(Runnable listener) {
        settledListeners.add(listener);
    }

    @Override
    public VirtualClock clock() {
        return clock;
    }

    @Override
    public void execute(Runnable task) {
        ready.addLast(task);
    }

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        if (delay.isNegative()) {
            delay = Duration.ZERO;
        }
        PendingTimer timer = new PendingTimer(clock.now().plus(delay), timerSequence++, task);
        timers.add(timer);
        return () -> timers.remove(timer);
    }

    @Override
    public Completion expectCompletion(String orderKey) {
        long id;
        synchronized (outstanding) {
            id = completionSequence++;
            outstanding.put(id, orderKey);
        }
        return new Completion() {
            @Override
            public void complete(Runnable continuation) {
                arrive(id, orderKey, continuation);
            }

            @Override
            public void abandon() {
                arrive(id, orderKey, null);
            }
        };
    }

    private void arrive(long id, String orderKey, Runnable continuation) {
        synchronized (outstanding) {
            if (outstanding.remove(id) == null) {
                throw new IllegalStateException("completion " + orderKey + " arrived twice");
            }
            if (continuation != null) {
                arrivals.add(new Arrival(orderKey, id, continuation));
            }
            outstanding.notifyAll();
        }
    }

    /** Runs tasks at the current instant until nothing is runnable and nothing is in flight. */
    public void runUntilIdle() {
        while (step()) {
            // one task per step
        }
    }

    /** Runs everything due up to {@code now + duration}, then leaves the clock there. */
    public void advance(Duration duration) {
        Instant target = clock.now().plus(duration);
        runUntil(() -> false, target);
        clock.moveTo(target);
    }

    /**
     * Runs tasks and timers until {@code condition} holds (checked after every task) or the next
     * timer lies beyond {@code deadline}. Returns whether the condition held; the clock is left at
     * the last timer that ran.
     */
    public boolean runUntil(BooleanSupplier condition, Instant deadline) {
        while (true) {
            // A condition may read state a request in flight is changing (the apiserver's store):
            // judge it only when nothing is in flight, so it flips at the same step in every run.
            settle();
            if (condition.getAsBoolean()) {
                return true;
            }
            if (step()) {
                continue;
            }
            PendingTimer next = timers.peek();
            if (next == null || next.at().isAfter(deadline)) {
                return condition.getAsBoolean();
            }
            clock.moveTo(next.at());
            moveDueTimers();
        }
    }

    /** The instant of the earliest timer, or null when none is pending. */
    public Instant nextTimer() {
        PendingTimer next = timers.peek();
        return next == null ? null : next.at();
    }

    /** Runs one task if one is runnable at the current instant; returns whether it did. */
    private boolean step() {
        settle();
        moveDueTimers();
        Runnable task = ready.pollFirst();
        if (task == null) {
            return false;
        }
        task.run();
        return true;
    }

    private void moveDueTimers() {
        Instant now = clock.now();
        while (!timers.isEmpty() && !timers.peek().at().isAfter(now)) {
            ready.addLast(timers.poll().task());
        }
    }

    /** Waits for every announced completion and every settle condition, then queues the arrivals in key order. */
    private void settle() {
        long deadline = System.nanoTime() + watchdog.toNanos(); // real time: a watchdog, not logic
        List<Arrival> batch;
        synchronized (outstanding) {
            while (!outstanding.isEmpty() || !conditionsHold()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("no completion after " + watchdog.toSeconds()
                            + "s of real time for " + (outstanding.isEmpty() ? "a settle condition" : outstanding.values()));
                }
                try {
                    // completions notify, and so do the conditions' sources through wake()
                    outstanding.wait(Math.max(1, Math.min(left / 1_000_000, RECHECK_MILLIS)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for " + outstanding.values(), e);
                }
            }
            batch = new ArrayList<>(arrivals);
            arrivals.clear();
        }
        settledListeners.forEach(Runnable::run);
        batch.sort(Comparator.comparing(Arrival::orderKey).thenComparingLong(Arrival::sequence));
        batch.forEach(a -> ready.addLast(a.continuation()));
    }

    private boolean conditionsHold() {
        for (BooleanSupplier condition : settleConditions) {
            if (!condition.getAsBoolean()) {
                return false;
            }
        }
        return true;
    }

    private record PendingTimer(Instant at, long sequence, Runnable task) {
    }

    private record Arrival(String orderKey, long sequence, Runnable continuation) {
    }
}
