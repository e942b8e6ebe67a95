package io.bootsim.scenario.report;

import io.bootsim.core.trace.TraceEvent;
import io.bootsim.scenario.run.Failure;
import io.bootsim.scenario.run.ScenarioResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a run ended, as the last words of a walk-through: where the bootstrap stopped and how to fix
 * it (the diagnosis), or that it bootstrapped and with what; and any expectation of the scenario
 * that did not hold.
 */
public record Outcome(boolean bootstrapped, String headline, List<String> details) {

    public static Outcome of(ScenarioResult result) {
        List<String> details = new ArrayList<>();
        for (Failure f : result.failures()) {
            details.add("The scenario did not go as written, " + f);
        }
        if (result.diagnosis().isPresent()) {
            var d = result.diagnosis().get();
            List<String> all = new ArrayList<>(List.of(d.cause(), "Fix: " + d.fix(), "Decisive event (" + d.component()
                    + "): " + d.decisiveEvent()));
            all.addAll(details);
            return new Outcome(false, "Stopped at: " + d.stage().label(), all);
        }
        Map<String, String> nodes = new LinkedHashMap<>(); // kubelet -> what it has
        for (TraceEvent e : result.events()) {
            if (e.type().equals("kubelet.node.registered")) {
                nodes.merge(e.component(), "Node " + e.field("node") + " registered", (a, b) -> a);
            } else if (e.type().equals("kubelet.serving.certificate")) {
                nodes.computeIfPresent(e.component(), (k, v) -> v.contains("serving") ? v : v + ", serving certificate signed");
            }
        }
        if (nodes.isEmpty()) {
            details.add(0, "No kubelet registered a Node, and the diagnosis found nothing that stopped one.");
            return new Outcome(false, "Finished", details);
        }
        List<String> summary = new ArrayList<>();
        nodes.forEach((kubelet, what) -> summary.add(kubelet + ": " + what));
        details.addAll(0, summary);
        return new Outcome(true, "Bootstrapped", details);
    }

    public String text() {
        StringBuilder sb = new StringBuilder(headline);
        details.forEach(d -> d.lines().forEach(l -> sb.append("\n  ").append(l)));
        return sb.toString();
    }
}
