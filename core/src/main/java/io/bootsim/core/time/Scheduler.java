package io.bootsim.core.time;

import java.time.Duration;

/**
 * Where component logic runs. Components never start threads or sleep: they hand work to the
 * scheduler, which in simulated mode runs it on one thread in a deterministic order and in live
 * mode on a single-threaded executor per component.
 */
public interface Scheduler {

    /** Runs the task soon, after the tasks already queued. */
    void execute(Runnable task);

    /** Runs the task once {@code delay} has passed on this scheduler's clock. */
    Timer schedule(Duration delay, Runnable task);

    /**
     * Runs the task once {@code delay} has passed, as one run of a steady periodic series that a
     * simulated scheduler may elide over long spans (see {@link Periodic}); live schedulers just
     * schedule it.
     */
    default Timer schedule(Duration delay, Periodic series, Runnable task) {
        return schedule(delay, task);
    }

    /**
     * Announces work that completes off the scheduler (a request on the wire, a watch event on
     * its way). In simulated mode the scheduler runs nothing else and moves no time until every
     * announced completion has arrived, which is what keeps runs over real sockets deterministic.
     */
    Completion expectCompletion(String orderKey);

    Clock clock();

    /** A scheduled task that may still be cancelled. */
    interface Timer {
        /** Cancels the task if it has not run; returns whether it was cancelled. */
        boolean cancel();
    }

    /** The token for one announced completion; exactly one of its methods must be called, once. */
    interface Completion {
        /** Hands the continuation to the scheduler, from any thread. */
        void complete(Runnable continuation);

        /** Withdraws the announcement without running anything. */
        void abandon();
    }
}
