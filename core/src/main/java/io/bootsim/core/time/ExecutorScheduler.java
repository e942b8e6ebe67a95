package io.bootsim.core.time;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Live mode: one component's logic on its own single thread, on the wall clock. */
public final class ExecutorScheduler implements Scheduler, AutoCloseable {

    private final Clock clock;
    private final ScheduledExecutorService executor;

    public ExecutorScheduler(String component, Clock clock) {
        this.clock = clock;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, component);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public void execute(Runnable task) {
        executor.execute(task);
    }

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> future = executor.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public Completion expectCompletion(String orderKey) {
        return new Completion() {
            @Override
            public void complete(Runnable continuation) {
                execute(continuation);
            }

            @Override
            public void abandon() {
            }
        };
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
