package io.bootsim.core.time;

import java.time.Instant;

/** Simulated time: it starts at a fixed instant and moves only when its scheduler moves it. */
public final class VirtualClock implements Clock {

    /** Where every simulated run starts unless a scenario says otherwise. */
    public static final Instant DEFAULT_START = Instant.parse("2018-01-01T00:00:00Z");

    private volatile Instant now;

    public VirtualClock(Instant start) {
        this.now = start;
    }

    @Override
    public Instant now() {
        return now;
    }

    void moveTo(Instant instant) {
        if (instant.isBefore(now)) {
            throw new IllegalStateException("virtual time cannot go back from " + now + " to " + instant);
        }
        now = instant;
    }
}
