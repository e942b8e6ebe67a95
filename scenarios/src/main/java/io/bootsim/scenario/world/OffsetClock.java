package io.bootsim.scenario.world;

import io.bootsim.core.time.Clock;

import java.time.Duration;
import java.time.Instant;

/** A component's view of virtual time; a {@code skew} step moves it ahead or behind while it runs. */
final class OffsetClock implements Clock {

    private final Clock base;
    private volatile Duration offset = Duration.ZERO;

    OffsetClock(Clock base) {
        this.base = base;
    }

    void set(Duration by) {
        offset = by;
    }

    @Override
    public Instant now() {
        return base.now().plus(offset);
    }
}
