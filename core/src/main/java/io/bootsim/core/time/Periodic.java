package io.bootsim.core.time;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A timer that is one run of a periodic series whose runs only keep state fresh (a heartbeat, a
 * poll that finds nothing to do), so that a simulated scheduler may elide the runs of a long
 * steady span and a year of virtual time costs what a few minutes do. A component schedules a
 * run this way only while it is healthy: a failure, a backoff or anything due at a known instant
 * is an ordinary timer, which the scheduler never skips over.
 *
 * @param component  who runs the series, as the trace names it ({@code kubelet/node-0})
 * @param runs       what one run is, plural, for the trace ({@code lease renewals})
 * @param period     the interval between runs
 * @param kind       what eliding a span of runs must preserve
 * @param settle     how long after a change the series may still act on it: the scheduler keeps
 *                   time tick by tick for at least this long before and after every milestone
 * @param nextAction for an observer, the instant from which its state makes a run act (delete
 *                   something, change a condition); that run is a milestone. Empty: only what
 *                   renewals keep fresh could make it act.
 */
public record Periodic(String component, String runs, Duration period, Kind kind, Duration settle,
                       Supplier<Optional<Instant>> nextAction) {

    /** How a span of elided runs is made up for. */
    public enum Kind {
        /**
         * Writes something that others read as "recent" (a Lease's renewTime, a Node's heartbeat):
         * one run at the end of the span stands for all the elided ones, before anything else runs.
         */
        RENEWAL,
        /**
         * Reads what others keep fresh (a monitor, a check): it resumes at its first tick after
         * the span's renewals have run, so it never sees a timestamp the skip made stale.
         */
        OBSERVER
    }

    public Periodic {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("a periodic series needs a positive period, not " + period);
        }
    }

    public static Periodic renewal(String component, String runs, Duration period) {
        return new Periodic(component, runs, period, Kind.RENEWAL, period, Optional::empty);
    }

    /** An observer needs no settle of its own unless it says so: what it reads is kept fresh by others. */
    public static Periodic observer(String component, String runs, Duration period) {
        return new Periodic(component, runs, period, Kind.OBSERVER, Duration.ZERO, Optional::empty);
    }

    /** The same series, needing {@code window} of tick-by-tick time around every milestone. */
    public Periodic settlingFor(Duration window) {
        return new Periodic(component, runs, period, kind, window, nextAction);
    }

    /** The same observer, telling the scheduler when its state will next make it act. */
    public Periodic actingFrom(Supplier<Optional<Instant>> when) {
        return new Periodic(component, runs, period, kind, settle, when);
    }
}
