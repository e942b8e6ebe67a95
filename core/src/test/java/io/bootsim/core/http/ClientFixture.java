package io.bootsim.core.http;

import io.bootsim.core.time.VirtualClock;
import io.bootsim.core.time.VirtualScheduler;
import io.bootsim.core.trace.MemoryTrace;
import io.bootsim.core.trace.Tracer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** A simulated-mode world for one test: virtual clock and scheduler, a shared network, a trace. */
final class ClientFixture implements AutoCloseable {

    final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    final ClientNetwork network;
    final VirtualClock clock;
    final VirtualScheduler scheduler;
    final MemoryTrace trace = new MemoryTrace();

    ClientFixture(Instant start) {
        this(start, TlsProvider.JDK);
    }

    ClientFixture(Instant start, TlsProvider tls) {
        network = new ClientNetwork(group, tls);
        clock = new VirtualClock(start);
        scheduler = new VirtualScheduler(clock, Duration.ofSeconds(20));
    }

    ClientFixture() {
        this(TestCertificates.NOW);
    }

    RestClient client(String name, ClientIdentity identity) {
        return client(name, identity, RateLimiter.unlimited(), RestClient.Options.defaults());
    }

    RestClient client(String name, ClientIdentity identity, RateLimiter limiter, RestClient.Options options) {
        return new RestClient(name, identity, network, scheduler, limiter, options, new Tracer(name, clock, trace));
    }

    /** Sends and runs the scheduler until the callback has run. */
    Result call(RestClient client, HttpRequest request) {
        AtomicReference<Result> result = new AtomicReference<>();
        client.send(request, result::set);
        scheduler.runUntilIdle();
        if (result.get() == null) {
            throw new AssertionError("no result for " + request.method() + " " + request.path());
        }
        return result.get();
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
