package io.bootsim.diagnose;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What diagnose tells the user: the release it emulated and why, the components it found, the
 * outcome ({@code bootstrapped} or {@code stopped at: STAGE}), the findings worst first with
 * their evidence, the root cause and fix, and the final state as {@code kubectl get csr} and
 * {@code kubectl get nodes} print it. {@link #text()} and {@link #json()} carry the same content.
 *
 * @param stage empty when the bootstrap completed or the run could not be made
 */
public record DiagnoseReport(EmulatedVersion version, Instant start, List<String> components, String outcome,
                             Optional<String> stage, Optional<String> rootCause, Optional<String> fix,
                             List<Finding> findings, List<KubectlOutput> finalState, Optional<String> scenario) {

    /** One kubectl command of the final state, as the terminal shows it. */
    public record KubectlOutput(String command, String stdout, String stderr) {
    }

    public static final String BOOTSTRAPPED = "bootstrapped";

    public DiagnoseReport {
        components = List.copyOf(components);
        findings = findings.stream().sorted(Comparator.comparing(Finding::severity)).toList();
        finalState = List.copyOf(finalState);
    }

    /** Bootstrapped, and nothing above a warning. */
    public boolean healthy() {
        return outcome.equals(BOOTSTRAPPED) && findings.stream().noneMatch(f -> f.severity() == Severity.ERROR);
    }

    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append("bootsim diagnose: emulating Kubernetes ").append(version.version()).append(" (").append(version.origin())
                .append(")\n");
        sb.append("simulated time starts at ").append(start).append(" (the newest certificate's NotBefore)\n");
        sb.append("components: ").append(components.isEmpty() ? "none found" : String.join(", ", components)).append("\n\n");
        sb.append("outcome: ").append(outcome).append("\n");
        if (!findings.isEmpty()) {
            sb.append("\nfindings:\n");
            for (Finding f : findings) {
                sb.append(String.format(java.util.Locale.ROOT, "  %-7s %s%s%n", f.severity().name(),
                        f.where().isEmpty() ? "" : f.where() + ": ", f.what()));
                if (!f.evidence().isEmpty()) {
                    f.evidence().lines().forEach(l -> sb.append("          | ").append(l).append('\n'));
                }
                if (!f.fix().isEmpty()) {
                    sb.append("          fix: ").append(f.fix()).append('\n');
                }
            }
        }
        if (rootCause.isPresent()) {
            sb.append("\nroot cause: ").append(rootCause.get()).append('\n');
            fix.ifPresent(x -> sb.append("fix: ").append(x).append('\n'));
        }
        for (KubectlOutput k : finalState) {
            sb.append("\n$ ").append(k.command()).append('\n').append(k.stdout()).append(k.stderr());
        }
        scenario.ifPresent(p -> sb.append("\nscenario written to ").append(p).append(" (bootsim run ").append(p)
                .append(")\n"));
        return sb.toString();
    }

    public String json() {
        ObjectNode o = Json.object();
        o.put("emulatedVersion", version.version().toString());
        o.put("emulatedVersionFrom", version.origin());
        o.put("start", start.toString());
        ArrayNode comps = o.putArray("components");
        components.forEach(comps::add);
        o.put("outcome", outcome);
        o.put("bootstrapped", outcome.equals(BOOTSTRAPPED));
        stage.ifPresent(s -> o.put("stage", s));
        rootCause.ifPresent(s -> o.put("rootCause", s));
        fix.ifPresent(s -> o.put("fix", s));
        ArrayNode fs = o.putArray("findings");
        for (Finding f : findings) {
            ObjectNode j = fs.addObject();
            j.put("severity", f.severity().label());
            j.put("file", f.file());
            j.put("line", f.line());
            j.put("what", f.what());
            j.put("evidence", f.evidence());
            j.put("fix", f.fix());
        }
        ArrayNode state = o.putArray("finalState");
        for (KubectlOutput k : finalState) {
            state.addObject().put("command", k.command()).put("stdout", k.stdout()).put("stderr", k.stderr());
        }
        scenario.ifPresent(s -> o.put("scenario", s));
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a report of strings cannot fail to encode", e);
        }
    }
}
