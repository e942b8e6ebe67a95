package io.bootsim.scenario.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs independent pieces of work (a scenario each: its own world, clock and scheduler, driven by
 * the thread that runs it) on several threads, and hands the results back in the order of the
 * input, so that console lines, JUnit XML and traces come out as a sequential run writes them.
 * Parallelism changes only real time: nothing in a simulated world depends on which thread or
 * when it runs.
 */
public final class ScenarioPool {

    private final int jobs;

    /** @param jobs how many pieces run at once; 1 runs everything on the calling thread */
    public ScenarioPool(int jobs) {
        if (jobs < 1) {
            throw new IllegalArgumentException("--jobs must be at least 1, got " + jobs);
        }
        this.jobs = jobs;
    }

    /** One job per core: a world's logic runs on one thread, its network and server on a few more, mostly waiting. */
    public static int defaultJobs() {
        return Runtime.getRuntime().availableProcessors();
    }

    public int jobs() {
        return jobs;
    }

    /** Applies {@code work} to every input and gives each result to {@code inOrder} in input order, as soon as it can. */
    public <I, R> void run(List<I> inputs, Function<I, R> work, Consumer<R> inOrder) {
        if (jobs == 1 || inputs.size() <= 1) {
            inputs.forEach(i -> inOrder.accept(work.apply(i)));
            return;
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs, inputs.size()), r -> {
            Thread t = new Thread(r, "scenario-" + threads.incrementAndGet());
            t.setDaemon(true); // a world that hangs fails by its watchdog; it must not keep the JVM alive
            return t;
        });
        try {
            List<Future<R>> futures = new ArrayList<>();
            for (I input : inputs) {
                futures.add(pool.submit(() -> work.apply(input)));
            }
            for (Future<R> f : futures) {
                inOrder.accept(await(f));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static <R> R await(Future<R> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a scenario", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
