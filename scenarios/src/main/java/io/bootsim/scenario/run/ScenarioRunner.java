package io.bootsim.scenario.run;

import io.bootsim.core.http.TlsProvider;
import io.bootsim.core.pki.PemException;
import io.bootsim.scenario.Expectation;
import io.bootsim.scenario.Scenario;
import io.bootsim.scenario.Step;
import io.bootsim.scenario.diagnosis.Diagnoser;
import io.bootsim.scenario.diagnosis.Diagnosis;
import io.bootsim.scenario.world.SimulatedCluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a scenario in simulated mode: builds its cluster, runs its steps in order (stopping at the
 * first that fails, as a test does), and returns the result with trace, logs and diagnosis.
 */
public final class ScenarioRunner {

    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\(kubectl ([^)]*)\\)");

    private final Optional<KubectlDriver> kubectl;
    private final TlsProvider tls;

    /** A runner whose kubectl steps use the built-in kubectl. */
    public ScenarioRunner() {
        this(Optional.empty());
    }

    /** A runner with another kubectl (a test's), or none. */
    public ScenarioRunner(Optional<KubectlDriver> kubectl) {
        this(kubectl, SimulatedCluster.defaultStack());
    }

    /** A runner whose clusters speak {@code tls}'s TLS; the traces are the same on every stack. */
    public ScenarioRunner(Optional<KubectlDriver> kubectl, TlsProvider tls) {
        this.kubectl = kubectl;
        this.tls = tls;
        // Every client in a scenario's world is ours: one X25519 key share per handshake, as a Go client
        // sends, not the JDK's second (P-256) one, a key generation no real client makes. Before any handshake.
        TlsProvider.pinJdkKeyExchangeGroup();
    }

    public ScenarioResult run(Scenario scenario) {
        long started = System.nanoTime(); // real time: reported, never used by the simulation
        Path dir = Path.of(scenario.source()).toAbsolutePath().getParent();
        List<Failure> failures = new ArrayList<>();
        List<KubectlRun> transcript = new ArrayList<>();
        SimulatedCluster cluster;
        try {
            cluster = SimulatedCluster.create(scenario, dir, tls);
        } catch (IOException | PemException | RuntimeException e) {
            failures.add(new Failure(new io.bootsim.scenario.yaml.Node.Location(scenario.source(), 1, 1),
                    "cannot build the cluster: " + e.getMessage()));
            return new ScenarioResult(scenario, failures, List.of(), "", List.of(), transcript, Optional.empty(), 0,
                    Duration.ofNanos(System.nanoTime() - started));
        }
        try (cluster) {
            Checks checks = new Checks(cluster, () -> Diagnoser.standard().diagnose(cluster.trace().events()));
            KubectlDriver driver = kubectl.orElseGet(() -> new BuiltInKubectl(dir));
            try {
                cluster.startInitial();
                for (Step step : scenario.steps()) {
                    List<String> problems = perform(step, cluster, checks, driver, transcript);
                    problems.forEach(p -> failures.add(new Failure(step.location(), p)));
                    if (!problems.isEmpty()) {
                        break;
                    }
                }
            } catch (RuntimeException e) {
                failures.add(new Failure(new io.bootsim.scenario.yaml.Node.Location(scenario.source(), 1, 1),
                        "the simulation failed: " + e));
            }
            Optional<Diagnosis> diagnosis = Diagnoser.standard().diagnose(cluster.trace().events());
            return new ScenarioResult(scenario, failures, cluster.trace().events(), cluster.trace().memory().digest(),
                    cluster.logs(), transcript, diagnosis, cluster.network().fullHandshakes(),
                    Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private List<String> perform(Step step, SimulatedCluster cluster, Checks checks, KubectlDriver driver,
                                 List<KubectlRun> transcript) {
        if (step instanceof Step.Lifecycle l) {
            Optional<String> c = cluster.resolveComponent(l.component());
            if (c.isEmpty()) {
                return List.of("no component " + l.component() + "; components: " + cluster.components());
            }
            if (l.action() != Step.Lifecycle.Action.START) {
                cluster.stop(c.get());
            }
            if (l.action() != Step.Lifecycle.Action.STOP) {
                cluster.start(c.get());
            }
            cluster.runUntilIdle();
        } else if (step instanceof Step.Kubectl k) {
            return kubectl(k, cluster, driver, transcript);
        } else if (step instanceof Step.Advance a) {
            cluster.tracer().emit("scenario.advance", "by", a.duration().toString());
            cluster.advance(a.duration());
        } else if (step instanceof Step.Skew s) {
            Optional<String> c = cluster.resolveComponent(s.component());
            if (c.isEmpty()) {
                return List.of("no component " + s.component() + "; components: " + cluster.components());
            }
            cluster.skew(c.get(), s.by());
            cluster.runUntilIdle();
        } else if (step instanceof Step.Wait w) {
            boolean held = cluster.runUntil(() -> checks.check(w.condition()).isEmpty(), w.within());
            if (!held) {
                return List.of("not within " + w.within() + " of virtual time: " + checks.check(w.condition()).orElse(""));
            }
        } else if (step instanceof Step.EditFile e) {
            return edit(e, cluster);
        } else if (step instanceof Step.EditFlags f) {
            Optional<String> c = cluster.resolveComponent(f.component());
            if (c.isEmpty()) {
                return List.of("no component " + f.component() + "; components: " + cluster.components());
            }
            cluster.editFlags(c.get(), f.add(), f.remove());
        } else if (step instanceof Step.Expect x) {
            List<String> problems = new ArrayList<>();
            for (Expectation e : x.expectations()) {
                checks.check(e).ifPresent(p -> problems.add("line " + e.location().line() + ": " + p));
            }
            return problems;
        }
        return List.of();
    }

    private List<String> edit(Step.EditFile e, SimulatedCluster cluster) {
        List<String> hosts = e.host().map(h -> List.of(h.startsWith("kubelet/") ? h.substring(8) : h))
                .orElse(cluster.hosts());
        for (String host : hosts) {
            if (!cluster.hosts().contains(host)) {
                return List.of("no host " + host + "; hosts: " + cluster.hosts());
            }
            Path file = cluster.file(host, e.path());
            try {
                if (e.content().isPresent()) {
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, e.content().get());
                } else if (Files.exists(file)) {
                    String text = Files.readString(file);
                    if (!text.contains(e.replace().get())) {
                        return List.of(e.path() + " on " + host + " does not contain \"" + e.replace().get() + "\"");
                    }
                    Files.writeString(file, text.replace(e.replace().get(), e.with().get()));
                } else if (e.host().isPresent()) {
                    return List.of(e.path() + " does not exist on " + host);
                }
            } catch (IOException ex) {
                return List.of("cannot edit " + e.path() + " on " + host + ": " + ex.getMessage());
            }
        }
        cluster.tracer().emit("scenario.edit", "path", e.path(), "hosts", hosts);
        return List.of();
    }

    private List<String> kubectl(Step.Kubectl k, SimulatedCluster cluster, KubectlDriver driver, List<KubectlRun> transcript) {
        if (cluster.spec().admin().isEmpty()) {
            return List.of("kubectl needs cluster.admin: the path of the admin kubeconfig on the control plane");
        }
        String kubeconfig = cluster.file(SimulatedCluster.CONTROL_PLANE, cluster.spec().admin().get()).toString();
        // $(kubectl ...) first, as a shell would: its output's words become arguments
        Matcher m = SUBSTITUTION.matcher(k.command());
        StringBuilder expanded = new StringBuilder();
        while (m.find()) {
            KubectlDriver.Result inner = runKubectl(m.group(1), kubeconfig, cluster, driver, transcript);
            m.appendReplacement(expanded, Matcher.quoteReplacement(inner.stdout().strip().replaceAll("\\s+", " ")));
        }
        m.appendTail(expanded);
        KubectlDriver.Result r = runKubectl(expanded.toString(), kubeconfig, cluster, driver, transcript);
        List<String> problems = new ArrayList<>();
        int expectedExit = k.exitCode().orElse(k.error().isPresent() ? 1 : 0);
        if (r.exitCode() != expectedExit) {
            problems.add("kubectl " + expanded + " exited " + r.exitCode() + ", expected " + expectedExit
                    + (r.stderr().isEmpty() ? "" : "; stderr: " + r.stderr().strip()));
        }
        if (k.output().isPresent() && !r.stdout().equals(k.output().get())) {
            problems.add("kubectl " + expanded + " printed:\n" + r.stdout() + "expected:\n" + k.output().get());
        }
        if (k.matches().isPresent() && !Pattern.compile(k.matches().get()).matcher(r.stdout()).find()) {
            problems.add("kubectl " + expanded + " printed:\n" + r.stdout() + "which does not match /" + k.matches().get() + "/");
        }
        if (k.error().isPresent() && !r.stderr().contains(k.error().get())) {
            problems.add("kubectl " + expanded + " stderr:\n" + r.stderr() + "does not contain: " + k.error().get());
        }
        return problems;
    }

    private KubectlDriver.Result runKubectl(String command, String kubeconfig, SimulatedCluster cluster,
                                            KubectlDriver driver, List<KubectlRun> transcript) {
        KubectlDriver.Result r = driver.run(cluster, kubeconfig, ShellWords.split(command));
        cluster.runUntilIdle();
        cluster.tracer().emit("kubectl", "command", "kubectl " + command, "exitCode", r.exitCode(),
                "stdout", r.stdout(), "stderr", r.stderr());
        transcript.add(new KubectlRun(cluster.now(), "kubectl " + command, r.exitCode(), r.stdout(), r.stderr()));
        return r;
    }
}
