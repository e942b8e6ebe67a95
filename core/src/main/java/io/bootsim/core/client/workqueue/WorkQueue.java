package io.bootsim.core.client.workqueue;

import io.bootsim.core.time.Scheduler;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * client-go's rate-limiting work queue with its workers. A key queued twice before a worker takes
 * it is handed out once; a key re-added while a worker holds it waits until that worker calls
 * {@link #done}, so one key is never worked on twice at a time; at most {@code workers} keys are
 * held at once. A worker here is not a thread: it receives a key on the scheduler, sends its
 * requests, and calls {@code done(key)} when the last answer is in; until then its slot is taken,
 * which is what bounds a controller's requests in flight as upstream's worker count does.
 */
// upstream: staging/src/k8s.io/client-go/util/workqueue/queue.go, delaying_queue.go, rate_limiting_queue.go
public final class WorkQueue {

    private final Scheduler scheduler;
    private final RateLimiter rateLimiter;
    private final int workers;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private final Set<String> dirty = new HashSet<>();
    private final Set<String> processing = new HashSet<>();
    private final Map<String, Scheduler.Timer> waiting = new HashMap<>();
    private Consumer<String> worker;
    private boolean dispatchScheduled;
    private boolean shuttingDown;

    public WorkQueue(Scheduler scheduler, RateLimiter rateLimiter, int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("at least one worker is needed, got " + workers);
        }
        this.scheduler = scheduler;
        this.rateLimiter = rateLimiter;
        this.workers = workers;
    }

    /** Starts handing keys to {@code worker}; each call must be answered by {@link #done} for that key. */
    public void run(Consumer<String> worker) {
        this.worker = worker;
        scheduleDispatch();
    }

    /** Stops handing out keys and drops pending timers; workers that hold a key may still call done. */
    public void shutDown() {
        shuttingDown = true;
        waiting.values().forEach(Scheduler.Timer::cancel);
        waiting.clear();
        queue.clear();
        dirty.clear();
    }

    public void add(String key) {
        if (shuttingDown || dirty.contains(key)) {
            return;
        }
        dirty.add(key);
        if (processing.contains(key)) {
            return;
        }
        queue.addLast(key);
        scheduleDispatch();
    }

    /** Adds the key once {@code delay} has passed; an earlier pending AddAfter of the same key wins. */
    public void addAfter(String key, Duration delay) {
        if (shuttingDown) {
            return;
        }
        if (delay.isZero() || delay.isNegative()) {
            add(key);
            return;
        }
        if (waiting.containsKey(key)) {
            return;
        }
        waiting.put(key, scheduler.schedule(delay, () -> {
            waiting.remove(key);
            add(key);
        }));
    }

    /** Adds the key after the rate limiter's delay for it, counting a failure. */
    public void addRateLimited(String key) {
        addAfter(key, rateLimiter.when(key));
    }

    /** Clears the key's failure history: the next failure starts the backoff afresh. */
    public void forget(String key) {
        rateLimiter.forget(key);
    }

    public int numRequeues(String key) {
        return rateLimiter.numRequeues(key);
    }

    /** The worker is finished with {@code key}; if it was re-added meanwhile it is queued again. */
    public void done(String key) {
        if (!processing.remove(key)) {
            throw new IllegalStateException("done(" + key + ") for a key no worker holds");
        }
        if (dirty.contains(key)) {
            queue.addLast(key);
        }
        scheduleDispatch();
    }

    /** Keys waiting for a worker (client-go's Len). */
    public int length() {
        return queue.size();
    }

    public int inProgress() {
        return processing.size();
    }

    private void scheduleDispatch() {
        if (dispatchScheduled || worker == null) {
            return;
        }
        dispatchScheduled = true;
        scheduler.execute(this::dispatch);
    }

    private void dispatch() {
        dispatchScheduled = false;
        while (!shuttingDown && processing.size() < workers && !queue.isEmpty()) {
            String key = queue.pollFirst();
            dirty.remove(key);
            processing.add(key);
            worker.accept(key);
        }
    }
}
