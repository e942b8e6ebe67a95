package io.bootsim.scenario.diagnosis;

import io.bootsim.core.trace.TraceEvent;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/** The questions diagnosis rules ask of a trace, answered from its events alone. */
public record TraceFacts(List<TraceEvent> events) {

    public List<TraceEvent> ofType(String type) {
        return events.stream().filter(e -> e.type().equals(type)).toList();
    }

    public Optional<TraceEvent> first(String type, Predicate<TraceEvent> where) {
        return events.stream().filter(e -> e.type().equals(type)).filter(where).findFirst();
    }

    public Optional<TraceEvent> last(String type, Predicate<TraceEvent> where) {
        List<TraceEvent> all = events.stream().filter(e -> e.type().equals(type)).filter(where).toList();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    public boolean any(String type, Predicate<TraceEvent> where) {
        return first(type, where).isPresent();
    }

    /** The kubelets the scenario started, by component name. */
    public List<String> kubelets() {
        return ofType("component.start").stream().map(e -> String.valueOf(e.field("component")))
                .filter(c -> c.startsWith("kubelet/")).distinct().toList();
    }

    public boolean started(String component) {
        return any("component.start", e -> component.equals(e.field("component")));
    }

    /** Whether the kubelet holds a client certificate from the API (bootstrap done). */
    public boolean hasClientCertificate(String kubelet) {
        return events.stream().anyMatch(e -> e.component().equals(kubelet) && e.type().equals("kubelet.client.certificate"));
    }

    public boolean registered(String kubelet) {
        return events.stream().anyMatch(e -> e.component().equals(kubelet) && e.type().equals("kubelet.node.registered"));
    }

    /** CSR names the apiserver stored, in order. */
    public List<String> csrsCreated() {
        return ofType("storage").stream().filter(e -> "created".equals(e.field("action")))
                .filter(e -> String.valueOf(e.field("resource")).startsWith("certificatesigningrequests"))
                .map(e -> String.valueOf(e.field("name"))).toList();
    }

    public boolean controllerSaid(String type, String csr, String decision) {
        return events.stream().anyMatch(e -> e.type().equals(type) && Objects.equals(csr, e.field("csr"))
                && decision.equals(e.field("decision")));
    }

    /** An event as one line for the "decisive event" of a diagnosis. */
    public static String describe(TraceEvent e) {
        StringBuilder sb = new StringBuilder(e.time().toString()).append(' ').append(e.component()).append(' ')
                .append(e.type());
        e.fields().forEach((k, v) -> {
            if (!k.equals("steps")) {
                sb.append(' ').append(k).append('=').append(v);
            }
        });
        return sb.toString();
    }
}
