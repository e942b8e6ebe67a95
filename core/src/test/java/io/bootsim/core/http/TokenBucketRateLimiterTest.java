package io.bootsim.core.http;

import io.bootsim.core.time.VirtualClock;
import io.netty.handler.ssl.ClientAuth;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.bootsim.core.http.TestCertificates.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** client-go's token bucket: burst at once, then one request per 1/QPS, waited out in virtual time. */
class TokenBucketRateLimiterTest {

    @Test
    void burstGoesAtOnceThenOnePerFifthOfASecond() {
        VirtualClock clock = new VirtualClock(NOW);
        TokenBucketRateLimiter limiter = TokenBucketRateLimiter.withDefaults(clock);
        for (int i = 0; i < 10; i++) {
            assertEquals(Duration.ZERO, limiter.reserve());
        }
        assertEquals(Duration.ofMillis(200), limiter.reserve());
        assertEquals(Duration.ofMillis(400), limiter.reserve(), "waits queue up behind earlier reservations");
    }

    @Test
    void tokensRefillWithTimeUpToTheBurst() {
        VirtualClock clock = new VirtualClock(NOW);
        var scheduler = new io.bootsim.core.time.VirtualScheduler(clock);
        TokenBucketRateLimiter limiter = new TokenBucketRateLimiter(2, 3, clock);
        for (int i = 0; i < 3; i++) {
            limiter.reserve();
        }
        scheduler.advance(Duration.ofSeconds(10)); // would be 20 tokens, capped at 3
        for (int i = 0; i < 3; i++) {
            assertEquals(Duration.ZERO, limiter.reserve());
        }
        assertEquals(Duration.ofMillis(500), limiter.reserve());
    }

    @Test
    void throttledRequestsAreSentWhenTheSchedulerReachesTheirTurn() throws Exception {
        var ca = TestCertificates.ca("kubernetes");
        try (ClientFixture world = new ClientFixture();
             TlsTestServer server = new TlsTestServer(world.group, TestCertificates.server(ca, "127.0.0.1"), null,
                     ClientAuth.NONE, s -> TlsTestServer.Reply.json(200, "{}"))) {
            RestClient client = world.client("kube-controller-manager",
                    ClientIdentity.of(server.url(), List.of(ca.certificate())),
                    TokenBucketRateLimiter.withDefaults(world.clock), RestClient.Options.defaults());
            List<Instant> answered = new ArrayList<>();
            List<Duration> throttled = new ArrayList<>();
            world.scheduler.execute(() -> {
                for (int i = 0; i < 12; i++) {
                    client.send(HttpRequest.get("/api/v1/nodes"), r -> {
                        answered.add(world.clock.now());
                        throttled.add(r.throttled());
                    });
                }
            });
            world.scheduler.runUntil(() -> answered.size() == 12, NOW.plusSeconds(10));
            assertEquals(NOW, answered.get(9));
            assertEquals(NOW.plusMillis(200), answered.get(10));
            assertEquals(NOW.plusMillis(400), answered.get(11));
            assertEquals(Duration.ofMillis(400), throttled.get(11));
            assertEquals(12, server.seen.size());
        }
    }

    @Test
    void unlimitedNeverWaits() {
        RateLimiter limiter = RateLimiter.unlimited();
        for (int i = 0; i < 1000; i++) {
            assertEquals(Duration.ZERO, limiter.reserve());
        }
    }
}
