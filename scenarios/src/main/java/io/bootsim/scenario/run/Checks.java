package io.bootsim.scenario.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.storage.ListOptions;
import io.bootsim.apiserver.storage.ResourceType;
import io.bootsim.apiserver.storage.Store;
import io.bootsim.apiserver.storage.StoredResources;
import io.bootsim.core.api.StatusException;
import io.bootsim.core.log.LogLine;
import io.bootsim.core.pki.Pem;
import io.bootsim.core.pki.PemException;
import io.bootsim.core.pki.Subject;
import io.bootsim.core.trace.JsonLines;
import io.bootsim.core.trace.TraceEvent;
import io.bootsim.scenario.Expectation;
import io.bootsim.scenario.diagnosis.Diagnosis;
import io.bootsim.scenario.world.SimulatedCluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** Evaluates expectations against a running cluster: empty when one holds, else why not. */
final class Checks {

    private final SimulatedCluster cluster;
    private final Supplier<Optional<Diagnosis>> diagnosis;

    Checks(SimulatedCluster cluster, Supplier<Optional<Diagnosis>> diagnosis) {
        this.cluster = cluster;
        this.diagnosis = diagnosis;
    }

    Optional<String> check(Expectation e) {
        if (e instanceof Expectation.Csr c) {
            return csr(c);
        } else if (e instanceof Expectation.NodeObject n) {
            return node(n);
        } else if (e instanceof Expectation.StoredObject o) {
            return object(o);
        } else if (e instanceof Expectation.Log l) {
            return log(l);
        } else if (e instanceof Expectation.File f) {
            return file(f);
        } else if (e instanceof Expectation.Trace t) {
            return trace(t);
        } else if (e instanceof Expectation.ComponentState s) {
            return component(s);
        }
        return diagnosis((Expectation.Diagnosis) e);
    }

    private Optional<Store> store() {
        return cluster.store();
    }

    private List<ObjectNode> list(String resource) {
        Optional<Store> store = store();
        Optional<ResourceType> type = type(resource);
        if (store.isEmpty() || type.isEmpty()) {
            return List.of();
        }
        List<ObjectNode> out = new ArrayList<>();
        store.get().list(type.get(), "", ListOptions.EVERYTHING).items().forEach(out::add);
        return out;
    }

    private Optional<ResourceType> type(String resource) {
        String plain = resource.contains(".") ? resource.substring(0, resource.indexOf('.')) : resource;
        return StoredResources.of(cluster.spec().version()).all().stream()
                .filter(t -> t.resource().equals(plain) || t.qualifiedResource().equals(resource)).findFirst();
    }

    /** kubectl's CONDITION column: the condition types joined, ",Issued" once a certificate is there, else Pending. */
    static String condition(JsonNode csr) {
        List<String> types = new ArrayList<>();
        csr.path("status").path("conditions").forEach(c -> types.add(c.path("type").asText()));
        if (types.isEmpty()) {
            return "Pending";
        }
        String joined = String.join(",", types);
        return csr.path("status").path("certificate").asText("").isEmpty() ? joined : joined + ",Issued";
    }

    private Optional<String> csr(Expectation.Csr c) {
        List<ObjectNode> all = list("certificatesigningrequests");
        List<ObjectNode> matching = all.stream()
                .filter(o -> c.requestor().isEmpty() || c.requestor().get().equals(o.path("spec").path("username").asText()))
                .filter(o -> c.signer().isEmpty() || c.signer().get().equals(o.path("spec").path("signerName").asText()))
                .toList();
        List<ObjectNode> inState = matching.stream()
                .filter(o -> c.condition().isEmpty() || c.condition().get().equals(condition(o))).toList();
        boolean ok = c.count().isPresent() ? inState.size() == c.count().get() : !inState.isEmpty();
        if (ok) {
            return Optional.empty();
        }
        List<String> seen = all.stream().map(o -> o.path("metadata").path("name").asText() + " (requestor "
                + o.path("spec").path("username").asText() + ", " + condition(o) + ")").toList();
        return Optional.of("expected " + c.count().map(n -> n + " CSR(s)").orElse("a CSR")
                + c.requestor().map(r -> " requested by " + r).orElse("")
                + c.signer().map(s -> " for " + s).orElse("") + c.condition().map(s -> " in state " + s).orElse("")
                + "; CSRs: " + (seen.isEmpty() ? "none" : String.join(", ", seen)));
    }

    private Optional<String> node(Expectation.NodeObject n) {
        Optional<ObjectNode> node = list("nodes").stream()
                .filter(o -> o.path("metadata").path("name").asText().equals(n.name())).findFirst();
        if (node.isPresent() != n.exists()) {
            return Optional.of("Node " + n.name() + (n.exists() ? " is not registered" : " exists"));
        }
        if (node.isPresent() && n.ready().isPresent()) {
            String ready = "";
            for (JsonNode c : node.get().path("status").path("conditions")) {
                if (c.path("type").asText().equals("Ready")) {
                    ready = c.path("status").asText();
                }
            }
            if (!ready.equals(n.ready().get())) {
                return Optional.of("Node " + n.name() + " has Ready=" + (ready.isEmpty() ? "(none)" : ready)
                        + ", expected " + n.ready().get());
            }
        }
        return Optional.empty();
    }

    private Optional<String> object(Expectation.StoredObject o) {
        Optional<ResourceType> type = type(o.resource());
        if (type.isEmpty()) {
            return Optional.of("the apiserver stores no resource \"" + o.resource() + "\"");
        }
        if (store().isEmpty()) {
            return Optional.of("the kube-apiserver is not running");
        }
        ObjectNode object;
        try {
            object = store().get().get(type.get(), o.namespace(), o.name());
        } catch (StatusException e) {
            return o.exists() ? Optional.of(type.get().resource() + " " + o.name() + " does not exist") : Optional.empty();
        }
        if (!o.exists()) {
            return Optional.of(type.get().resource() + " " + o.name() + " exists");
        }
        for (Map.Entry<String, String> f : o.fields().entrySet()) {
            JsonNode v = object;
            for (String part : f.getKey().split("\\.")) {
                v = v.isArray() && part.matches("\\d+") ? v.path(Integer.parseInt(part)) : v.path(part);
            }
            String actual = v.isValueNode() ? v.asText() : v.toString();
            if (!actual.equals(f.getValue())) {
                return Optional.of(type.get().resource() + " " + o.name() + ": " + f.getKey() + " is \"" + actual
                        + "\", expected \"" + f.getValue() + "\"");
            }
        }
        return Optional.empty();
    }

    private Optional<String> log(Expectation.Log l) {
        Optional<String> component = cluster.resolveComponent(l.component());
        if (component.isEmpty()) {
            return Optional.of("no component " + l.component() + "; components: " + cluster.components());
        }
        List<String> lines = cluster.logs().stream().filter(x -> x.component().equals(component.get()))
                .map(LogLine::format).toList();
        for (String text : l.contains()) {
            long n = lines.stream().filter(x -> x.contains(text)).count();
            if (n < l.atLeast()) {
                return Optional.of(component.get() + " logged " + n + " line(s) containing \"" + text + "\", expected at least "
                        + l.atLeast() + lastLines(lines));
            }
        }
        for (String text : l.absent()) {
            Optional<String> found = lines.stream().filter(x -> x.contains(text)).findFirst();
            if (found.isPresent()) {
                return Optional.of(component.get() + " logged \"" + text + "\": " + found.get());
            }
        }
        if (l.matches().isPresent()) {
            Pattern p = Pattern.compile(l.matches().get());
            long n = lines.stream().filter(x -> p.matcher(x).find()).count();
            if (n < l.atLeast()) {
                return Optional.of(component.get() + " logged " + n + " line(s) matching /" + l.matches().get()
                        + "/, expected at least " + l.atLeast() + lastLines(lines));
            }
        }
        return Optional.empty();
    }

    private static String lastLines(List<String> lines) {
        List<String> tail = lines.subList(Math.max(0, lines.size() - 5), lines.size());
        return tail.isEmpty() ? " (no lines at all)" : "; last lines:\n    " + String.join("\n    ", tail);
    }

    private Optional<String> file(Expectation.File f) {
        String host = f.host().startsWith("kubelet/") ? f.host().substring("kubelet/".length()) : f.host();
        if (!cluster.hosts().contains(host)) {
            return Optional.of("no host " + f.host() + "; hosts: " + cluster.hosts());
        }
        Path path = cluster.file(host, f.path());
        if (Files.exists(path) != f.exists()) {
            return Optional.of(f.path() + " on " + host + (f.exists() ? " does not exist" : " exists"));
        }
        if (!f.exists() || f.subject().isEmpty() && f.issuer().isEmpty() && f.sans().isEmpty() && f.validFor().isEmpty()) {
            return Optional.empty();
        }
        X509Certificate cert;
        try {
            cert = Pem.certificates(Files.readAllBytes(path), f.path()).get(0);
        } catch (IOException | PemException | IndexOutOfBoundsException e) {
            return Optional.of(f.path() + " on " + host + " holds no certificate: " + e.getMessage());
        }
        String subject = Subject.from(org.bouncycastle.asn1.x500.X500Name.getInstance(
                cert.getSubjectX500Principal().getEncoded())).toString();
        if (f.subject().isPresent() && !subject.equals(f.subject().get())) {
            return Optional.of(f.path() + ": subject is " + subject + ", expected " + f.subject().get());
        }
        String issuer = Subject.from(org.bouncycastle.asn1.x500.X500Name.getInstance(
                cert.getIssuerX500Principal().getEncoded())).toString();
        if (f.issuer().isPresent() && !issuer.equals(f.issuer().get())) {
            return Optional.of(f.path() + ": issuer is " + issuer + ", expected " + f.issuer().get());
        }
        List<String> sans = new ArrayList<>();
        try {
            if (cert.getSubjectAlternativeNames() != null) {
                cert.getSubjectAlternativeNames().forEach(san -> sans.add(String.valueOf(san.get(1))));
            }
        } catch (CertificateParsingException e) {
            return Optional.of(f.path() + ": unreadable subject alternative names: " + e.getMessage());
        }
        if (!f.sans().isEmpty() && !sans.containsAll(f.sans())) {
            return Optional.of(f.path() + ": SANs are " + sans + ", expected " + f.sans());
        }
        if (f.validFor().isPresent()) {
            Duration d = Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant());
            if (!d.equals(f.validFor().get())) {
                return Optional.of(f.path() + ": valid for " + d + " (" + cert.getNotBefore().toInstant() + " to "
                        + cert.getNotAfter().toInstant() + "), expected " + f.validFor().get());
            }
        }
        return Optional.empty();
    }

    private Optional<String> trace(Expectation.Trace t) {
        List<TraceEvent> matching = cluster.trace().events().stream().filter(e -> e.type().equals(t.type()))
                .filter(e -> t.where().entrySet().stream().allMatch(w -> w.getValue().equals(String.valueOf(e.field(w.getKey())))))
                .filter(e -> {
                    String json = JsonLines.format(e);
                    return t.contains().stream().allMatch(json::contains);
                }).toList();
        boolean ok = t.count().isPresent() ? matching.size() == t.count().get() : matching.size() >= t.atLeast();
        if (ok) {
            return Optional.empty();
        }
        return Optional.of("found " + matching.size() + " trace event(s) of type " + t.type()
                + (t.where().isEmpty() ? "" : " with " + t.where()) + (t.contains().isEmpty() ? "" : " containing " + t.contains())
                + ", expected " + t.count().map(String::valueOf).orElse("at least " + t.atLeast()));
    }

    private Optional<String> component(Expectation.ComponentState s) {
        Optional<String> name = cluster.resolveComponent(s.component());
        if (name.isEmpty()) {
            return Optional.of("no component " + s.component() + "; components: " + cluster.components());
        }
        if (s.running().isPresent() && cluster.running(name.get()) != s.running().get()) {
            return Optional.of(name.get() + (s.running().get() ? " is not running" : " is running")
                    + cluster.exitCode(name.get()).map(c -> " (exit code " + c + ")").orElse(""));
        }
        if (s.exitCode().isPresent() && !cluster.exitCode(name.get()).equals(s.exitCode())) {
            return Optional.of(name.get() + " exit code is " + cluster.exitCode(name.get()).map(String::valueOf)
                    .orElse("(none: it has not exited)") + ", expected " + s.exitCode().get());
        }
        if (s.phase().isPresent()) {
            String phase = cluster.kubelet(name.get()).map(k -> k.phase().name()).orElse("(not started)");
            if (!phase.equals(s.phase().get())) {
                return Optional.of(name.get() + " is in phase " + phase + ", expected " + s.phase().get());
            }
        }
        return Optional.empty();
    }

    private Optional<String> diagnosis(Expectation.Diagnosis d) {
        Optional<Diagnosis> actual = diagnosis.get();
        if (d.stage().equals("none")) {
            return actual.map(a -> "expected no diagnosis, got: " + a.summary());
        }
        if (actual.isEmpty()) {
            return Optional.of("expected a diagnosis at stage " + d.stage() + ", but the bootstrap has no problem bootsim recognises");
        }
        if (!actual.get().stage().label().equals(d.stage())) {
            return Optional.of("diagnosis stopped at " + actual.get().stage().label() + ", expected " + d.stage() + ": "
                    + actual.get().summary());
        }
        String text = actual.get().text();
        for (String m : d.mentions()) {
            if (!text.contains(m)) {
                return Optional.of("diagnosis does not mention \"" + m + "\": " + text);
            }
        }
        return Optional.empty();
    }
}
