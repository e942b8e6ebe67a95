package io.bootsim.core.time;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The deterministic scheduler of simulated mode. One thread (the caller of the run methods) runs
 * one task at a time; announced completions that arrive from network threads are held until all
 * of them are in, then queued in order of their keys; virtual time jumps to the next timer only
 * when nothing is runnable and nothing is in flight. Timers fire in time order, ties in the
 * order they were scheduled.
 *
 * <p>Steady state is elided: when the next timer is a run of a {@link Periodic} series and the
 * next milestone (an ordinary timer, an observer's next action, the end of the run being asked
 * for) lies far ahead, time jumps to a settle window W before the milestone. Each renewal series
 * due in the skipped span runs once there, before anything else; each observer resumes at its
 * first tick after that. W is the longest settle a pending series asks for, at least
 * {@link #SETTLE_WINDOW}, and time is kept tick by tick for W before and after every milestone,
 * so whatever a milestone changes is seen by every series as it would be without the skip. Each
 * span and series is reported to {@link #onElision} listeners.
 */
public final class VirtualScheduler implements Scheduler {

    /** How long a settle condition may go unchecked when nothing wakes the scheduler. */
    public static final long RECHECK_MILLIS = 10;

    /** The least tick-by-tick time kept on either side of a milestone. */
    public static final Duration SETTLE_WINDOW = Duration.ofMinutes(1);

    /** The runs of one periodic series that a skip from {@code from} to {@code to} left out. */
    public record Elision(Periodic series, long runs, Instant from, Instant to) {
    }

    private final VirtualClock clock;
    private final Duration watchdog;
    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
    private final PriorityQueue<PendingTimer> timers = new PriorityQueue<>(
            Comparator.comparing((PendingTimer t) -> t.at).thenComparingLong(t -> t.sequence));
    private long timerSequence;
    /** When an ordinary timer last fired or a caller last asked for work: a skip starts W after it. */
    private Instant lastMilestone;
    private final List<Consumer<Elision>> elisionListeners = new ArrayList<>();

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
        this.lastMilestone = clock.now();
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

    /** Runs {@code listener} on the scheduler thread for each series whose runs a skip elided. */
    public void onElision(Consumer<Elision> listener) {
        elisionListeners.add(listener);
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
        return add(delay, null, task);
    }

    @Override
    public Timer schedule(Duration delay, Periodic series, Runnable task) {
        return add(delay, series, task);
    }

    private Timer add(Duration delay, Periodic series, Runnable task) {
        if (delay.isNegative()) {
            delay = Duration.ZERO;
        }
        PendingTimer timer = new PendingTimer(clock.now().plus(delay), timerSequence++, task, series);
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
        lastMilestone = clock.now();
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
        lastMilestone = clock.now(); // whatever the caller did before asking is a change to settle
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
            if (next == null || next.at.isAfter(deadline)) {
                return condition.getAsBoolean();
            }
            if (next.series != null && elide(deadline)) {
                continue;
            }
            clock.moveTo(next.at);
            moveDueTimers();
        }
    }

    /**
     * Skips to W before the next milestone when W has passed since the last one and the skip is
     * longer than W; returns whether it skipped.
     */
    private boolean elide(Instant deadline) {
        Instant milestone = deadline;
        Duration window = SETTLE_WINDOW;
        for (PendingTimer t : timers) {
            if (t.series == null) {
                milestone = earlier(milestone, t.at);
                continue;
            }
            window = t.series.settle().compareTo(window) > 0 ? t.series.settle() : window;
            Optional<Instant> acts = t.series.nextAction().get();
            if (acts.isPresent()) {
                milestone = earlier(milestone, tickAtOrAfter(t, acts.get()));
            }
        }
        Instant to = milestone.minus(window);
        // not within W after a milestone, and only a skip longer than W is worth its renewal runs
        if (clock.now().isBefore(lastMilestone.plus(window)) || !to.isAfter(clock.now().plus(window))) {
            return false;
        }
        Instant from = clock.now();
        clock.moveTo(to);
        List<PendingTimer> skipped = new ArrayList<>();
        while (!timers.isEmpty() && timers.peek().at.isBefore(to)) {
            skipped.add(timers.poll()); // only periodic runs lie before the milestone; in firing order
        }
        for (PendingTimer t : skipped) {
            long period = t.series.period().toNanos();
            long span = Duration.between(t.at, to).toNanos();
            long runs;
            if (t.series.kind() == Periodic.Kind.RENEWAL) {
                runs = (span + period - 1) / period - 1; // the ticks before the skip's end, less the one run there
                t.at = to;
            } else {
                runs = span / period + 1; // every tick up to the skip's end: it resumes strictly after it
                t.at = t.at.plusNanos(runs * period);
            }
            t.sequence = timerSequence++;
            timers.add(t);
            if (runs > 0) {
                Elision elision = new Elision(t.series, runs, from, to);
                elisionListeners.forEach(l -> l.accept(elision));
            }
        }
        return true;
    }

    private static Instant earlier(Instant a, Instant b) {
        return b.isBefore(a) ? b : a;
    }

    /** The series' first tick at or after {@code instant}, on its grid from its next run. */
    private static Instant tickAtOrAfter(PendingTimer t, Instant instant) {
        if (!instant.isAfter(t.at)) {
            return t.at;
        }
        long period = t.series.period().toNanos();
        long span = Duration.between(t.at, instant).toNanos();
        return t.at.plusNanos((span + period - 1) / period * period);
    }

    /** The instant of the earliest timer, or null when none is pending. */
    public Instant nextTimer() {
        PendingTimer next = timers.peek();
        return next == null ? null : next.at;
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
        while (!timers.isEmpty() && !timers.peek().at.isAfter(now)) {
            PendingTimer due = timers.poll();
            if (due.series == null) {
                lastMilestone = now;
            }
            ready.addLast(due.task);
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

    /** Mutable only while out of the queue: a skip moves periodic runs. Identity is what cancels it. */
    private static final class PendingTimer {
        private Instant at;
        private long sequence;
        private final Runnable task;
        private final Periodic series; // null: an ordinary timer, a milestone

        PendingTimer(Instant at, long sequence, Runnable task, Periodic series) {
            this.at = at;
            this.sequence = sequence;
            this.task = task;
            this.series = series;
        }
    }

    private record Arrival(String orderKey, long sequence, Runnable continuation) {
    }
}
