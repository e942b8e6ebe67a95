package io.bootsim.cli;

import io.bootsim.bench.CryptoFloor;
import io.bootsim.core.pki.KeyType;
import io.bootsim.core.trace.JsonLines;
import io.bootsim.core.version.BootsimVersion;
import io.bootsim.scenario.Cluster;
import io.bootsim.scenario.Scenario;
import io.bootsim.scenario.ScenarioParser;
import io.bootsim.scenario.report.ConsoleReport;
import io.bootsim.scenario.report.HtmlReport;
import io.bootsim.scenario.report.JUnitXml;
import io.bootsim.scenario.run.ScenarioPool;
import io.bootsim.scenario.run.ScenarioResult;
import io.bootsim.scenario.run.ScenarioRunner;
import io.bootsim.scenario.run.SuiteBench;
import io.bootsim.scenario.world.SimulatedCluster;
import io.bootsim.scenario.yaml.ScenarioFileException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run scenarios (default: the bundled suite) and report the results; exit code 0 only if all pass.")
final class RunCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "PATH", description = "Scenario files or directories (default: scenarios/suite).")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--junit", paramLabel = "FILE", description = "Write the results as JUnit XML.")
    Path junit;

    @Option(names = "--trace-dir", paramLabel = "DIR", description = "Write each scenario's trace as JSON lines (NAME.jsonl).")
    Path traceDir;

    @Option(names = "--html", paramLabel = "DIR", description = "Write an HTML report: one page per scenario "
            + "(sequence diagram, timeline, diagnosis, kubectl output) and index.html.")
    Path htmlDir;

    @Option(names = "--seed", description = "Run every scenario with this seed instead of its own.")
    Long seed;

    @Option(names = "--repeat", defaultValue = "1", description = "Run each scenario N times; fail if any trace differs.")
    int repeat;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Run N scenarios at once (default: one per core). "
            + "Results, JUnit XML and traces come out in the same order either way.")
    Integer jobs;

    @Option(names = "--filter", paramLabel = "TEXT", description = "Only scenarios whose name contains TEXT.")
    String filter;

    @Option(names = "--bench", paramLabel = "N", arity = "0..1", fallbackValue = "10",
            description = "Benchmark: the suite from JVM start, then warm, then each scenario alone (N measured runs, default 10).")
    Integer bench;

    @Override
    public Integer call() throws Exception {
        List<Scenario> scenarios = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        List<Path> given = paths.isEmpty() ? List.of(Path.of("scenarios", "suite")) : paths;
        for (Path file : scenarioFiles(given, errors)) {
            try {
                Scenario s = ScenarioParser.parse(file);
                if (filter == null || s.name().contains(filter)) {
                    scenarios.add(seed == null ? s : s.withSeed(seed));
                }
            } catch (ScenarioFileException e) {
                errors.add(e.getMessage());
            }
        }
        if (errors.isEmpty() && scenarios.isEmpty()) { // a CI job that runs nothing must not pass
            errors.add(filter == null ? "no scenario files (*.yaml) in " + given
                    : "no scenario's name contains \"" + filter + "\" (--filter)");
        }
        if (jobs != null && jobs < 1) {
            errors.add("--jobs must be at least 1, got " + jobs);
        }
        errors.forEach(e -> System.err.println("bootsim run: " + e));
        if (!errors.isEmpty()) {
            return 2;
        }
        System.out.println("bootsim " + BootsimVersion.get() + ": " + scenarios.size() + " scenarios, emulating Kubernetes "
                + scenarios.stream().map(s -> s.cluster().version().toString()).collect(Collectors.toCollection(TreeSet::new))
                .stream().collect(Collectors.joining(" and ")));
        ScenarioPool pool = new ScenarioPool(jobs == null ? ScenarioPool.defaultJobs() : jobs);
        if (bench != null) {
            return new SuiteBench(scenarios, bench, pool, System.out, RunCommand::handshakeMillis).run();
        }
        long started = System.nanoTime();
        ConsoleReport console = new ConsoleReport(System.out);
        ScenarioRunner runner = new ScenarioRunner();
        List<ScenarioResult> results = new ArrayList<>();
        int[] failed = {0};
        // each scenario's runs (the first, then its repeats up to the first that differs) on one thread
        pool.run(scenarios, s -> {
            List<ScenarioResult> runs = new ArrayList<>(List.of(runner.run(s)));
            for (int i = 2; i <= repeat && runs.get(0).passed(); i++) {
                ScenarioResult again = runner.run(s);
                runs.add(again);
                if (!again.digest().equals(runs.get(0).digest())) {
                    break;
                }
            }
            return runs;
        }, runs -> {
            ScenarioResult first = runs.get(0);
            ScenarioResult last = runs.get(runs.size() - 1);
            boolean ok = first.passed();
            console.scenario(first);
            if (!last.digest().equals(first.digest())) {
                console.repeatMismatch(first, last, runs.size());
                ok = false;
            }
            failed[0] += ok ? 0 : 1;
            results.add(first);
            if (traceDir != null) {
                writeTrace(first, first.scenario().name() + ".jsonl");
                if (!last.digest().equals(first.digest())) { // both runs, to diff
                    writeTrace(last, first.scenario().name() + ".run-" + runs.size() + ".jsonl");
                }
            }
        });
        console.summary(scenarios.size() - failed[0], failed[0], (System.nanoTime() - started) / 1_000_000);
        if (junit != null) {
            Files.writeString(junit, JUnitXml.of(results));
        }
        if (htmlDir != null) {
            HtmlReport.write(htmlDir, results);
        }
        return failed[0] == 0 ? 0 : 1;
    }

    private void writeTrace(ScenarioResult r, String file) {
        try {
            Files.createDirectories(traceDir);
            Files.write(traceDir.resolve(file), r.events().stream().map(JsonLines::format).toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trace of " + r.scenario().name() + " to " + traceDir, e);
        }
    }

    /** Files as given, directories walked for *.yaml, in name order. */
    static List<Path> scenarioFiles(List<Path> paths, List<String> errors) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().forEach(files::add);
                }
            } else if (Files.exists(p)) {
                files.add(p);
            } else {
                errors.add(p + ": no such file or directory");
            }
        }
        return files;
    }

    /**
     * The bench's yardstick for a scenario's handshakes: the crypto floor's, one at a time, on the stack the
     * scenario's world speaks, with keys of its CA's type (its serving key's too, in the bundled suite).
     */
    private static double handshakeMillis(Scenario scenario) throws Exception {
        KeyType caType = KeyType.parse(scenario.cluster().pki().stream().filter(Cluster.CertificateSpec::ca)
                .map(Cluster.CertificateSpec::keyType).findFirst().orElse(KeyType.RSA_2048.flagName()));
        return CryptoFloor.oneAtATime(SimulatedCluster.defaultStack()).handshakeMillis(200, 3, caType,
                scenario.cluster().version());
    }
}
