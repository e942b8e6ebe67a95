package io.bootsim.core.time;

import java.time.Duration;

/**
 * Where a server's own requests continue: on the network thread that completes them, never on the
 * component's scheduler. A server answers on network threads (kube-apiserver's webhooks, the
 * kubelet's TokenReview and SubjectAccessReview); in simulated mode the scheduler's thread is
 * waiting for the very request being served, so a continuation handed to it would never run.
 * Nothing here is announced to the scheduler: the request being served is, and it cannot complete
 * before these continuations have run.
 */
public final class InlineScheduler implements Scheduler {

    private final Clock clock;

    public InlineScheduler(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public void execute(Runnable task) {
        task.run();
    }

    /**
     * Not supported: a timer would fire on the machine's time, and virtual time does not move while a
     * request is served. Clients on this scheduler have no timeout and no throttling.
     */
    @Override
    public Timer schedule(Duration delay, Runnable task) {
        throw new UnsupportedOperationException("a server's own requests take no timers (throttling, timeouts)");
    }

    @Override
    public Completion expectCompletion(String orderKey) {
        return new Completion() {
            @Override
            public void complete(Runnable continuation) {
                continuation.run();
            }

            @Override
            public void abandon() {
                // nothing was announced
            }
        };
    }
}
