package io.bootsim.scenario.run;

import io.bootsim.scenario.Scenario;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Issue 8's benchmark: the wall time of the whole suite (first run, from JVM start, as a CI run
 * pays it; then warm; both with the scenarios spread over the pool as `bootsim run` does), and of
 * each scenario alone once the JVM is warm, the seed scenario's beside the floor of its TLS
 * handshakes (each a step that waits for the last, so they add up). Every run is checked: a
 * failing scenario or a trace that differs from its first run makes the bench fail, so a faster
 * number can never come from a simulation that proves less. Real time here is measured, never
 * used by the simulation.
 */
public final class SuiteBench {

    /** The scenario the 20 ms goal is about. */
    public static final String SEED = "seed-flow-1.33";

    private final List<Scenario> scenarios;
    private final int rounds;
    private final ScenarioPool pool;
    private final PrintStream out;
    private final HandshakeFloor handshakeFloor;

    /**
     * What one full TLS handshake costs alone, one at a time, on the stack a scenario's world speaks and with
     * its CA's key type: milliseconds.
     */
    @FunctionalInterface
    public interface HandshakeFloor {
        double millisEach(Scenario scenario) throws Exception;
    }

    public SuiteBench(List<Scenario> scenarios, int rounds, ScenarioPool pool, PrintStream out,
                      HandshakeFloor handshakeFloor) {
        this.scenarios = scenarios;
        this.rounds = Math.max(1, rounds);
        this.pool = pool;
        this.out = out;
        this.handshakeFloor = handshakeFloor;
    }

    /** Runs the bench; returns the process exit code (0 only if every run passed with its first trace). */
    public int run() throws Exception {
        ScenarioRunner runner = new ScenarioRunner();
        long cpuBefore = processCpuNanos();
        long firstStart = System.nanoTime();
        List<ScenarioResult> firsts = new ArrayList<>();
        pool.run(scenarios, runner::run, firsts::add);
        for (ScenarioResult r : firsts) {
            if (!r.passed()) {
                out.println("bench: " + r.scenario().name() + " failed: " + r.failures());
                return 1;
            }
        }
        long firstNanos = System.nanoTime() - firstStart;
        out.printf(Locale.ROOT, "suite, first run:         %8.1f ms (%d scenarios, %d at once; %.1f s since JVM start, %.1f s CPU)%n",
                firstNanos / 1e6, scenarios.size(), pool.jobs(), ManagementFactory.getRuntimeMXBean().getUptime() / 1e3,
                (processCpuNanos() - cpuBefore) / 1e9);

        // Warm-up: the suite again until the JIT has seen every path (rounds, at least 3).
        for (int i = 0; i < Math.max(3, rounds); i++) {
            if (!suite(runner, firsts)) {
                return 1;
            }
        }
        long[] suiteNanos = new long[rounds];
        long[] suiteCpu = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long c = processCpuNanos();
            long t = System.nanoTime();
            if (!suite(runner, firsts)) {
                return 1;
            }
            suiteNanos[i] = System.nanoTime() - t;
            suiteCpu[i] = processCpuNanos() - c;
        }
        out.printf(Locale.ROOT, "suite, warm (%2d runs):    %8.1f ms median, %.1f ms min, %.1f ms CPU (all threads)%n",
                rounds, median(suiteNanos) / 1e6, min(suiteNanos) / 1e6, median(suiteCpu) / 1e6);
        for (int j = 0; j < scenarios.size(); j++) {
            // each scenario alone: run it back to back, so nothing of another scenario is hot
            long[] alone = new long[rounds];
            long[] cpu = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                long c = processCpuNanos();
                long t = System.nanoTime();
                ScenarioResult r = runner.run(scenarios.get(j));
                alone[i] = System.nanoTime() - t;
                cpu[i] = processCpuNanos() - c;
                if (!r.passed() || !r.digest().equals(firsts.get(j).digest())) {
                    out.println(mismatch(firsts.get(j), r));
                    return 1;
                }
            }
            String name = scenarios.get(j).name();
            out.printf(Locale.ROOT, "  %-40s %7.1f ms median, %6.1f ms min, %6.1f ms CPU%s%n", name, median(alone) / 1e6,
                    min(alone) / 1e6, median(cpu) / 1e6, name.equals(SEED) ? "   <- seed scenario" : "");
            if (name.equals(SEED)) {
                out.println(handshakes(firsts.get(j).handshakes(), handshakeFloor.millisEach(scenarios.get(j))));
            }
        }
        return 0;
    }

    /** The line that puts a scenario's handshakes, done alone one at a time, beside its own time. */
    static String handshakes(long count, double millisEach) {
        return String.format(Locale.ROOT, "  %-40s %7.1f ms: its %d full TLS handshakes alone, one at a time (%.2f ms each)",
                "", count * millisEach, count, millisEach);
    }

    private boolean suite(ScenarioRunner runner, List<ScenarioResult> firsts) {
        List<ScenarioResult> results = new ArrayList<>();
        pool.run(scenarios, runner::run, results::add);
        for (int j = 0; j < scenarios.size(); j++) {
            ScenarioResult r = results.get(j);
            if (!r.passed() || !r.digest().equals(firsts.get(j).digest())) {
                out.println(mismatch(firsts.get(j), r));
                return false;
            }
        }
        return true;
    }

    /** Why {@code again} does not count: its failures, or where its trace parts from the first run's. */
    static String mismatch(ScenarioResult first, ScenarioResult again) {
        String name = "bench: " + again.scenario().name();
        return again.passed() ? name + ": " + first.traceDifference(again) : name + " failed: " + again.failures();
    }

    private static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long min(long[] values) {
        return Arrays.stream(values).min().orElse(0);
    }
}
