package io.bootsim.scenario.report;

import io.bootsim.scenario.run.Failure;
import io.bootsim.scenario.run.ScenarioResult;

import java.io.PrintStream;

/** One line per scenario as it finishes, with the failure and diagnosis under a failed one; then a summary. */
public final class ConsoleReport {

    private static final int WIDTH = 48;

    private final PrintStream out;

    public ConsoleReport(PrintStream out) {
        this.out = out;
    }

    public void scenario(ScenarioResult r) {
        String name = r.scenario().name();
        String dots = " " + ".".repeat(Math.max(3, WIDTH - name.length())) + " ";
        if (r.passed()) {
            out.println("  ok   " + name + dots + r.wallTime().toMillis() + " ms");
            return;
        }
        out.println("  FAIL " + name + dots + r.diagnosis().map(d -> d.summary()).orElse(r.wallTime().toMillis() + " ms"));
        for (Failure f : r.failures()) {
            indent(f.toString());
        }
        r.diagnosis().ifPresent(d -> indent(d.text()));
    }

    public void repeatMismatch(ScenarioResult first, ScenarioResult other, int run) {
        out.println("  FAIL " + first.scenario().name() + ": run " + run + " gave trace " + other.digest().substring(0, 12)
                + ", run 1 gave " + first.digest().substring(0, 12) + " (the simulation is not deterministic here;"
                + " --trace-dir keeps both traces)");
    }

    public void summary(int passed, int failed, long millis) {
        out.println(passed + " passed, " + failed + " failed in " + String.format(java.util.Locale.ROOT, "%.1f", millis / 1000.0) + " s");
    }

    private void indent(String text) {
        text.lines().forEach(l -> out.println("       " + l));
    }
}
