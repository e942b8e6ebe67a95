package io.bootsim.core.http;

import java.time.Duration;

/**
 * Client-side request throttling, client-go's flowcontrol.RateLimiter as the client uses it:
 * each request reserves its turn and the client waits that long on its Scheduler before sending.
 */
public interface RateLimiter {

    /** Reserves one request's turn; returns how long to wait (zero to go now). */
    Duration reserve();

    /** No throttling (a negative QPS in rest.Config, or a fake limiter in tests). */
    static RateLimiter unlimited() {
        return () -> Duration.ZERO;
    }
}
