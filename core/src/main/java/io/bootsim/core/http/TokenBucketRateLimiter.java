package io.bootsim.core.http;

import io.bootsim.core.time.Clock;

import java.time.Duration;
import java.time.Instant;

/**
 * client-go's flowcontrol.NewTokenBucketRateLimiter, on golang.org/x/time/rate: a bucket of
 * {@code burst} tokens, full at the start, refilled at {@code qps} per second. A request takes a
 * token; when none is left it reserves the next one to come and waits for it, so waits queue up
 * in order of arrival. Time is the injected clock's.
 */
public final class TokenBucketRateLimiter implements RateLimiter {

    /** rest.Config's defaults when QPS and Burst are left zero: DefaultQPS 5, DefaultBurst 10. */
    public static final float DEFAULT_QPS = 5f;
    public static final int DEFAULT_BURST = 10;

    private final double qps;
    private final int burst;
    private final Clock clock;
    private double tokens;
    private Instant last;

    public TokenBucketRateLimiter(float qps, int burst, Clock clock) {
        if (qps <= 0 || burst <= 0) {
            throw new IllegalArgumentException("qps and burst must be positive: qps=" + qps + " burst=" + burst);
        }
        this.qps = qps;
        this.burst = burst;
        this.clock = clock;
        this.tokens = burst;
        this.last = clock.now();
    }

    public static TokenBucketRateLimiter withDefaults(Clock clock) {
        return new TokenBucketRateLimiter(DEFAULT_QPS, DEFAULT_BURST, clock);
    }

    @Override
    public synchronized Duration reserve() {
        Instant now = clock.now();
        if (now.isAfter(last)) {
            double elapsed = Duration.between(last, now).toNanos() / 1e9;
            tokens = Math.min(burst, tokens + elapsed * qps);
            last = now;
        }
        tokens -= 1;
        if (tokens >= 0) {
            return Duration.ZERO;
        }
        // x/time/rate's durationFromTokens truncates to whole nanoseconds
        return Duration.ofNanos((long) (-tokens / qps * 1e9));
    }
}
