package io.bootsim.core.time;

import java.time.Instant;

/** The only way a component learns the time; injected so simulated runs use virtual time. */
@FunctionalInterface
public interface Clock {

    Instant now();

    /** The machine's clock, for live mode only. */
    static Clock system() {
        return Instant::now;
    }

    /** This clock shifted by {@code skew}: a kubelet ten minutes behind sees now() - 10m. */
    default Clock skewed(java.time.Duration skew) {
        return () -> now().plus(skew);
    }
}
