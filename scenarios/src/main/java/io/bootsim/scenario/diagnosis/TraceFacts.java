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

    /** The component whose POST created this CSR (the client's event follows the apiserver's storage event). */
    public Optional<String> csrRequester(String csr) {
        boolean seen = false;
        for (TraceEvent e : events) {
            if (e.type().equals("storage") && "created".equals(e.field("action")) && csr.equals(e.field("name"))
                    && String.valueOf(e.field("resource")).startsWith("certificatesigningrequests")) {
                seen = true;
            } else if (seen && e.type().equals("http.request") && "POST".equals(e.field("method"))
                    && String.valueOf(e.field("path")).endsWith("/certificatesigningrequests")
                    && "201".equals(String.valueOf(e.field("code")))) {
                return Optional.of(e.component());
            }
        }
        return Optional.empty();
    }

    /** Whether a kubectl step named this CSR in a command ({@code kubectl certificate approve NAME}). */
    public boolean kubectlNamed(String verb, String csr) {
        return any("kubectl", e -> String.valueOf(e.field("command")).contains(verb)
                && List.of(String.valueOf(e.field("command")).split(" ")).stream()
                        .anyMatch(w -> w.equals(csr) || w.endsWith("/" + csr)));
    }

    public boolean controllerSaid(String type, String csr, String decision) {
        return events.stream().anyMatch(e -> e.type().equals(type) && Objects.equals(csr, e.field("csr"))
                && decision.equals(e.field("decision")));
    }

    /** The command line a component last started with (empty when it never started). */
    public List<String> flags(String component) {
        return last("component.start", e -> component.equals(e.field("component")))
                .map(e -> e.field("flags") instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.<String>of())
                .orElse(List.of());
    }

    /** A flag's value as the component was last started with it ({@code --name=value}), if given. */
    public Optional<String> flag(String component, String name) {
        String prefix = name + "=";
        List<String> all = flags(component).stream().filter(f -> f.startsWith(prefix) || f.equals(name)).toList();
        return all.isEmpty() ? Optional.empty()
                : Optional.of(all.get(all.size() - 1).equals(name) ? "true" : all.get(all.size() - 1).substring(prefix.length()));
    }

    /** The authentication event of the same request as an authorization or response event. */
    public Optional<TraceEvent> authenticationOf(TraceEvent e) {
        int at = events.indexOf(e);
        for (int i = at - 1; i >= 0; i--) {
            TraceEvent a = events.get(i);
            if (a.type().equals("authentication") && Objects.equals(a.field("request"), e.field("request"))) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
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
