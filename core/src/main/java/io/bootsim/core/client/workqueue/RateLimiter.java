package io.bootsim.core.client.workqueue;

import io.bootsim.core.http.TokenBucketRateLimiter;
import io.bootsim.core.time.Clock;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * client-go's workqueue.RateLimiter: how long an item waits before it is retried. {@code when}
 * counts a failure, {@code forget} clears the item's history once it succeeded.
 */
// upstream: staging/src/k8s.io/client-go/util/workqueue/default_rate_limiters.go
public interface RateLimiter {

    Duration when(String item);

    void forget(String item);

    int numRequeues(String item);

    /**
     * DefaultControllerRateLimiter: the slower of a per-item exponential backoff (5ms doubling to
     * 1000s) and an overall bucket of 10 qps with a burst of 100.
     */
    static RateLimiter defaultControllerRateLimiter(Clock clock) {
        return maxOf(exponential(Duration.ofMillis(5), Duration.ofSeconds(1000)), bucket(10, 100, clock));
    }

    /** ItemExponentialFailureRateLimiter: base * 2^failures, capped at max. */
    static RateLimiter exponential(Duration base, Duration max) {
        return new RateLimiter() {
            private final Map<String, Integer> failures = new HashMap<>();

            @Override
            public Duration when(String item) {
                int exp = failures.merge(item, 1, Integer::sum) - 1;
                // past 2^62 the product overflows; the cap is long reached by then
                if (exp >= 62) {
                    return max;
                }
                double nanos = base.toNanos() * Math.pow(2, exp);
                return nanos >= max.toNanos() ? max : Duration.ofNanos((long) nanos);
            }

            @Override
            public void forget(String item) {
                failures.remove(item);
            }

            @Override
            public int numRequeues(String item) {
                return failures.getOrDefault(item, 0);
            }
        };
    }

    /** BucketRateLimiter: every item takes a token from one shared bucket; no per-item memory. */
    static RateLimiter bucket(float qps, int burst, Clock clock) {
        TokenBucketRateLimiter limiter = new TokenBucketRateLimiter(qps, burst, clock);
        return new RateLimiter() {
            @Override
            public Duration when(String item) {
                return limiter.reserve();
            }

            @Override
            public void forget(String item) {
            }

            @Override
            public int numRequeues(String item) {
                return 0;
            }
        };
    }

    /** MaxOfRateLimiter: asks every limiter (each counts the failure) and waits the longest. */
    static RateLimiter maxOf(RateLimiter... limiters) {
        List<RateLimiter> all = List.of(limiters);
        return new RateLimiter() {
            @Override
            public Duration when(String item) {
                Duration longest = Duration.ZERO;
                for (RateLimiter limiter : all) {
                    Duration d = limiter.when(item);
                    if (d.compareTo(longest) > 0) {
                        longest = d;
                    }
                }
                return longest;
            }

            @Override
            public void forget(String item) {
                all.forEach(l -> l.forget(item));
            }

            @Override
            public int numRequeues(String item) {
                return all.stream().mapToInt(l -> l.numRequeues(item)).max().orElse(0);
            }
        };
    }
}
