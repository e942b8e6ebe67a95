package io.bootsim.apiserver.endpoints;

import io.bootsim.apiserver.storage.WatchSink;
import io.bootsim.apiserver.storage.Watcher;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * One open watch response, holding no thread while it waits: the store's {@link Watcher} signals
 * when events are queued, and a single drainer at a time writes them out on the server's pool.
 * The stream ends when the watch ends (410 ERROR sent, fell behind), at {@code timeoutSeconds}
 * (upstream's watch timeout ends the response cleanly), or when the client goes away (a failed
 * write, or the connection's error); every way stops the watcher, whose queued events the store
 * then counts as discarded.
 */
final class WatchStream implements AsyncListener {

    /** Schedules {@code task} after {@code delay}; the result cancels it. */
    interface Timer extends BiFunction<Runnable, Duration, Runnable> {
    }

    private final Watcher watcher;
    private final WatchSink sink;
    private final Executor executor;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    /** Signals not yet drained; whoever raises it from zero runs the drainer. */
    private final AtomicInteger signals = new AtomicInteger();
    private volatile Runnable cancelTimeout = () -> { };

    WatchStream(Watcher watcher, WatchSink sink, Executor executor) {
        this.watcher = watcher;
        this.sink = sink;
        this.executor = executor;
    }

    /** Starts delivering; the future completes when the stream has ended and the response may complete. */
    CompletableFuture<Void> start(Duration timeout, Timer timer) {
        cancelTimeout = timer.apply(watcher::stop, timeout);
        watcher.onReady(this::signal);
        return done;
    }

    /** Called by the store, under its lock: only hands the draining on. */
    private void signal() {
        if (signals.getAndIncrement() == 0) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                // the server is stopping: end the watch without writing
                signals.set(0);
                finish();
            }
        }
    }

    private void drain() {
        int missed = signals.get();
        while (true) {
            try {
                while (watcher.hasQueued()) {
                    if (!watcher.deliverNext(sink, Duration.ZERO)) {
                        finish();
                        return;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the client went away mid-write; the watcher stopped itself
                finish();
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                finish();
                return;
            }
            missed = signals.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    private void finish() {
        cancelTimeout.run();
        watcher.stop();
        done.complete(null);
    }

    // The connection's own end: the client went away, or the response completed.
    @Override
    public void onError(AsyncEvent event) {
        finish();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        finish();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        // no container timeout is set: timeoutSeconds runs on the scheduler
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
    }

    static Timer timer(org.eclipse.jetty.util.thread.Scheduler scheduler) {
        return (task, delay) -> {
            org.eclipse.jetty.util.thread.Scheduler.Task scheduled =
                    scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
            return scheduled::cancel;
        };
    }
}
