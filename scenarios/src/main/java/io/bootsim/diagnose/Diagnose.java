package io.bootsim.diagnose;

import io.bootsim.core.log.LogLine;
import io.bootsim.scenario.Scenario;
import io.bootsim.scenario.ScenarioParser;
import io.bootsim.core.trace.TraceEvent;
import io.bootsim.scenario.diagnosis.Diagnoser;
import io.bootsim.scenario.diagnosis.Diagnosis;
import io.bootsim.scenario.diagnosis.Stage;
import io.bootsim.scenario.diagnosis.TraceFacts;
import io.bootsim.scenario.run.Failure;
import io.bootsim.scenario.run.KubectlRun;
import io.bootsim.scenario.run.ScenarioResult;
import io.bootsim.scenario.run.ScenarioRunner;
import io.bootsim.scenario.yaml.ScenarioFileException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code bootsim diagnose}: reads the machines' roots into a {@link ClusterSnapshot}, checks what
 * needs no run ({@link StaticCheck}), writes the scenario the files describe, runs it with the
 * scenario runner exactly as {@code bootsim run} would, and turns the run's diagnosis, logs and
 * kubectl output into a {@link DiagnoseReport}.
 */
public final class Diagnose {

    private static final int EVIDENCE_LINES = 4;

    private Diagnose() {
    }

    /** @param writeScenario where to keep the scenario; without it, it is written to a temporary directory */
    public static DiagnoseReport run(DiagnoseInput in, Optional<Path> writeScenario) throws IOException {
        List<Finding> findings = new ArrayList<>();
        for (HostRoot r : in.roots()) {
            if (!Files.isDirectory(r.dir())) {
                findings.add(new Finding(Severity.ERROR, r.dir().toString(), 0, "root " + r.name() + " is not a directory",
                        "", "give --root NAME=DIR with a copy of the machine's /etc and /var/lib/kubelet"));
            }
        }
        ClusterSnapshot s = ClusterSnapshot.read(in, findings);
        for (StaticCheck check : StaticCheck.all()) {
            findings.addAll(check.check(s));
        }
        List<String> components = components(s);
        if (s.apiserver().isEmpty() || s.kubelets().isEmpty()) {
            findings.add(new Finding(Severity.ERROR, "", 0, "no " + (s.apiserver().isEmpty() ? "kube-apiserver" : "kubelet")
                    + " command line in " + in.roots().stream().map(HostRoot::name).toList() + ", so there is nothing to run",
                    "looked for /etc/kubernetes/manifests/*.yaml and kube-apiserver.service, kube-controller-manager.service, "
                            + "kubelet.service (with drop-ins) under " + SystemdUnit.UNIT_DIRS,
                    "add the root that holds it (--root NAME=DIR), or give the command line with --apiserver-flags FILE "
                            + "/ --kubelet-flags FILE"));
            return new DiagnoseReport(s.version(), s.start(), components, "not run", Optional.empty(), Optional.empty(),
                    Optional.empty(), findings, List.of(), Optional.empty());
        }
        for (ManifestFile m : s.manifests()) {
            if (!m.otherKinds().isEmpty()) {
                findings.add(new Finding(Severity.WARNING, m.path().toString(), 0, "not applied in the run: it also holds "
                        + m.otherKinds() + ", which take no part in a bootstrap", "",
                        "put the RBAC objects and bootstrap-token Secrets in files of their own"));
            }
        }
        Optional<AdminCredential> admin = AdminCredential.find(s);
        if (admin.isEmpty()) {
            findings.add(new Finding(Severity.INFO, "", 0, "no administrator credential for kubectl: "
                    + (s.manifests().isEmpty() ? "" : "the --manifests are not applied and ") + "the final state is not shown",
                    "no /etc/kubernetes/admin.conf, no system:masters line in --token-auth-file, and no key for "
                            + "--client-ca-file in the control-plane root",
                    "copy /etc/kubernetes/admin.conf or the client CA's key into the control-plane root"));
        }
        Path dir = writeScenario.map(p -> p.toAbsolutePath().getParent()).orElse(null);
        Path temp = dir == null ? Files.createTempDirectory("bootsim-diagnose-") : null;
        Path file = writeScenario.orElseGet(() -> temp.resolve("diagnose.yaml")).toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, ScenarioYaml.write(s, admin, file.getParent(), scenarioName(s)));
            Scenario scenario;
            try {
                scenario = ScenarioParser.parse(file);
            } catch (ScenarioFileException e) {
                findings.add(new Finding(Severity.ERROR, file.toString(), e.location().line(), "bootsim wrote a scenario it "
                        + "cannot read (a bootsim bug, or a name the scenario language refuses)", e.getMessage(),
                        "report it with the scenario file"));
                return new DiagnoseReport(s.version(), s.start(), components, "not run", Optional.empty(), Optional.empty(),
                        Optional.empty(), findings, List.of(), writeScenario.map(Path::toString));
            }
            ScenarioResult result = new ScenarioRunner().run(scenario);
            return report(s, components, result, findings, writeScenario.map(Path::toString));
        } finally {
            if (temp != null) {
                try (Stream<Path> walk = Files.walk(temp)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private static DiagnoseReport report(ClusterSnapshot s, List<String> components, ScenarioResult result,
                                         List<Finding> findings, Optional<String> scenario) {
        TraceFacts facts = new TraceFacts(result.events());
        Optional<Diagnosis> d = causeBeforeKubeletExit(result).or(result::diagnosis);
        boolean allRegistered = s.kubelets().stream().allMatch(k -> facts.registered("kubelet/" + k.name()));
        String outcome;
        if (d.isPresent()) {
            outcome = d.get().summary();
            findings.add(new Finding(Severity.ERROR, sourceOf(s, d.get().component()), 0, d.get().cause(),
                    evidence(result, d.get()), d.get().fix()));
        } else if (allRegistered) {
            outcome = DiagnoseReport.BOOTSTRAPPED;
        } else {
            outcome = "did not complete";
            findings.add(new Finding(Severity.ERROR, "", 0, "not every kubelet registered its Node within 10 minutes, and "
                    + "no diagnosis rule recognises why", errorLines(result.logs(), null),
                    "read the kubelet's log above; bootsim run --trace-dir shows every decision"));
        }
        for (Failure f : result.failures()) {
            // the expectations of a healthy bootstrap fail whenever the run stopped: the diagnosis says why
            if (!f.message().startsWith("line ") && !f.message().startsWith("kubectl ")) {
                findings.add(new Finding(Severity.ERROR, "", 0, "the run of the scenario failed", f.message(),
                        "correct the file the message names"));
            }
        }
        List<DiagnoseReport.KubectlOutput> state = new ArrayList<>();
        for (KubectlRun k : result.kubectl()) {
            if (k.command().equals("kubectl get csr") || k.command().equals("kubectl get nodes")) {
                state.add(new DiagnoseReport.KubectlOutput(k.command(), k.stdout(), k.stderr()));
            } else if (k.exitCode() != 0) {
                findings.add(new Finding(Severity.ERROR, "", 0, k.command() + " failed, so the run lacks those objects",
                        k.stderr().strip(), "correct the manifest kubectl names"));
            }
        }
        return new DiagnoseReport(s.version(), s.start(), components, outcome, d.map(x -> x.stage().label()),
                d.map(Diagnosis::cause), d.map(Diagnosis::fix), findings, state, scenario);
    }

    /**
     * A kubelet that exits because its bootstrap failed (1.9's blocking bootstrap at once, later ones
     * after five minutes without a certificate) shows the symptom, not the cause: the rules are asked
     * again about the trace up to that exit, and what they find there is the diagnosis.
     */
    private static Optional<Diagnosis> causeBeforeKubeletExit(ScenarioResult result) {
        Optional<Diagnosis> d = result.diagnosis();
        if (d.isEmpty() || d.get().stage() != Stage.STARTUP || !d.get().component().startsWith("kubelet/")) {
            return Optional.empty();
        }
        List<TraceEvent> before = new ArrayList<>();
        for (TraceEvent e : result.events()) {
            boolean exit = e.type().equals("kubelet.phase") && "EXITED".equals(e.field("to"))
                    || e.type().equals("component.exit");
            if (exit && e.component().equals(d.get().component()) || exit && d.get().component().equals(e.field("component"))) {
                break;
            }
            before.add(e);
        }
        return Diagnoser.standard().diagnose(before);
    }

    /**
     * What shows the cause: the diagnosed component's warnings and errors as it logs them, the
     * kubelets' when another component is diagnosed (their log is where users look first), and the
     * decisive event of the trace (which authorizer said what, which controller decided).
     */
    private static String evidence(ScenarioResult result, Diagnosis d) {
        List<String> lines = new ArrayList<>();
        String own = errorLines(result.logs(), d.component());
        if (!own.isEmpty()) {
            lines.add(own);
        }
        if (!d.component().startsWith("kubelet/")) {
            result.logs().stream().map(LogLine::component).filter(c -> c.startsWith("kubelet/")).distinct()
                    .map(k -> errorLines(result.logs(), k)).filter(x -> !x.isEmpty()).forEach(lines::add);
        }
        lines.add("decision: " + d.decisiveEvent());
        return String.join("\n", lines);
    }

    private static String errorLines(List<LogLine> logs, String component) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> out = new ArrayList<>();
        for (LogLine l : logs) {
            if ((component == null || l.component().equals(component)) && l.severity() != LogLine.Severity.INFO
                    && seen.add(l.message()) && out.size() < EVIDENCE_LINES) {
                out.add((component == null ? l.component() + ": " : "") + l.format());
            }
        }
        return String.join("\n", out);
    }

    private static String sourceOf(ClusterSnapshot s, String component) {
        if (component.equals("kube-apiserver")) {
            return s.apiserver().map(ComponentCommandLine::source).orElse("");
        }
        if (component.equals("kube-controller-manager")) {
            return s.controllerManager().map(ComponentCommandLine::source).orElse("");
        }
        return s.kubelets().stream().filter(k -> component.equals("kubelet/" + k.name()))
                .map(k -> k.commandLine().source()).findFirst().orElse("");
    }

    private static List<String> components(ClusterSnapshot s) {
        List<String> out = new ArrayList<>();
        s.apiserver().ifPresent(a -> out.add("kube-apiserver (" + a.host().display(a.source(), s.severalRoots()) + ")"));
        s.controllerManager().ifPresent(c -> out.add("kube-controller-manager ("
                + c.host().display(c.source(), s.severalRoots()) + ")"));
        s.kubelets().forEach(k -> out.add("kubelet/" + k.name() + " ("
                + k.commandLine().host().display(k.commandLine().source(), s.severalRoots()) + ")"));
        return out;
    }

    private static String scenarioName(ClusterSnapshot s) {
        String root = s.control().root.name().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
        return "diagnose-" + root;
    }
}
