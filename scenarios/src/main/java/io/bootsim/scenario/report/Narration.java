package io.bootsim.scenario.report;

import io.bootsim.core.flags.GoDuration;
import io.bootsim.core.trace.TraceEvent;
import io.bootsim.scenario.run.ScenarioResult;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The walk-through told in words, for a learner: each beat as a numbered step with its virtual
 * time since the start, a headline (who did what, or who sent what to whom) and the details that
 * explain it (which authenticator matched, every authorizer's verdict in chain order, what was
 * stored, what a controller decided and why, what the kubelet wrote).
 */
public final class Narration {

    private static final String ARROW = " -> ";
    // Authorizer verdicts are joined with ", "; a new one starts where an authorizer's name does.
    private static final Pattern VERDICTS = Pattern.compile(
            ", (?=(?:Node|ABAC|RBAC|Webhook|AlwaysAllow|AlwaysDeny|system:[\\w:.,-]+): )");

    /** One numbered step. */
    public record Step(int number, Duration at, String actor, String headline, List<String> details) {
    }

    private final List<TraceEvent> events;
    private final Instant start;
    // Decisions told in full once; later ones that are the same name the step that explained them.
    private final Map<String, Integer> explained = new java.util.HashMap<>();
    private int current;

    private Narration(List<TraceEvent> events, Instant start) {
        this.events = events;
        this.start = start;
    }

    /** The steps of a run whose virtual clock started at {@code start}. */
    public static List<Step> steps(List<TraceEvent> events, Instant start) {
        Narration n = new Narration(events, start);
        List<Step> steps = new ArrayList<>();
        for (Walkthrough.Beat beat : Walkthrough.of(events)) {
            steps.add(n.step(steps.size() + 1, beat));
        }
        return steps;
    }

    /** The whole walk-through as text: the scenario, its steps, and how it ended. */
    public static String text(ScenarioResult result) {
        StringBuilder sb = new StringBuilder();
        sb.append(result.scenario().name()).append(" (Kubernetes ").append(result.scenario().cluster().version())
                .append(", seed ").append(result.scenario().cluster().seed()).append(")\n");
        wrap(result.scenario().description(), 96).forEach(l -> sb.append("  ").append(l).append('\n'));
        sb.append('\n');
        for (Step s : steps(result.events(), result.scenario().cluster().start())) {
            String number = String.format(java.util.Locale.ROOT, "%3d. ", s.number());
            String time = String.format(java.util.Locale.ROOT, "%-9s ", "+" + time(s.at()));
            sb.append(number).append(time).append(s.headline()).append('\n');
            String indent = " ".repeat(number.length() + time.length() + 2);
            s.details().forEach(d -> d.lines().forEach(l -> sb.append(indent).append(l).append('\n')));
        }
        sb.append('\n').append(Outcome.of(result).text()).append('\n');
        return sb.toString();
    }

    static String time(Duration d) {
        return GoDuration.format(d.truncatedTo(ChronoUnit.MILLIS));
    }

    private Step step(int number, Walkthrough.Beat beat) {
        current = number;
        Duration at = Duration.between(start, beat.time());
        if (beat instanceof Walkthrough.Request r) {
            return new Step(number, at, beat.actor(), arrow(r.exchange()), decisions(r.exchange()));
        }
        if (beat instanceof Walkthrough.Command c) {
            return new Step(number, at, beat.actor(), "admin runs: " + c.line(), command(c));
        }
        if (beat instanceof Walkthrough.Folded f) {
            String counts = f.counts().entrySet().stream()
                    .map(e -> e.getValue() == 1 ? e.getKey() : e.getKey() + " \u00d7" + e.getValue())
                    .collect(Collectors.joining(", "));
            String until = f.until().equals(f.time()) ? "" : ", until +" + time(Duration.between(start, f.until()));
            return new Step(number, at, beat.actor(), "\u2026 " + f.actor() + ": " + counts + " (" + f.total()
                    + " routine step" + (f.total() == 1 ? "" : "s") + " folded" + until + ")", List.of());
        }
        TraceEvent e = ((Walkthrough.Happening) beat).event();
        List<String> details = new ArrayList<>();
        String headline = happening(e, details);
        return new Step(number, at, beat.actor(), headline, details);
    }

    /** {@code kubelet/node-0 -> kube-apiserver: POST /apis/...: 201 Created} */
    static String arrow(Exchange x) {
        String status = x.code() == 0 ? x.error().map(err -> "failed: " + err).orElse("no answer")
                : x.code() + " " + StatusText.of(x.code());
        return x.from() + ARROW + "kube-apiserver: " + x.method() + " " + x.path() + ": " + status;
    }

    /** What kube-apiserver decided, in the order of its handler chain. */
    private List<String> decisions(Exchange x) {
        List<String> out = new ArrayList<>();
        x.server("authentication").ifPresent(a -> {
            Integer before = explained.putIfAbsent("authn " + a.fields().entrySet().stream()
                    .filter(f -> !f.getKey().equals("request")).toList(), current);
            if (before != null && "authenticated".equals(a.field("result"))) {
                out.add("authentication: " + a.field("authenticator") + " matched: user \"" + a.field("user")
                        + "\" (as in step " + before + ")");
                return;
            }
            out.add("authentication, authenticators asked in order:");
            listField(a, "steps").forEach(s -> out.add("  " + s));
            if ("authenticated".equals(a.field("result"))) {
                out.add("  => " + a.field("authenticator") + " matched: user \"" + a.field("user") + "\", groups "
                        + listField(a, "groups"));
            } else {
                out.add("  => " + a.field("result") + ": " + a.field("error"));
            }
        });
        for (TraceEvent i : x.all("impersonation")) {
            out.add(i.field("user") != null
                    ? "impersonation: " + i.field("requester") + " acts as \"" + i.field("user") + "\", groups " + listField(i, "groups")
                    : "impersonation forbidden: " + i.field("reason"));
        }
        x.server("authorization").ifPresent(a -> {
            Integer before = explained.putIfAbsent("authz " + a.field("user") + " " + a.field("chain"), current);
            List<String> verdicts = verdicts(String.valueOf(a.field("chain")));
            if (before != null && Boolean.parseBoolean(String.valueOf(a.field("allowed")))) {
                out.add("authorization: " + a.field("verb") + " " + resourceOf(x) + " allowed by "
                        + verdicts.get(verdicts.size() - 1) + " (chain as in step " + before + ")");
                return;
            }
            out.add("authorization: may \"" + a.field("user") + "\" " + a.field("verb") + " "
                    + resourceOf(x) + "? authorizers asked in order:");
            for (String verdict : verdicts) {
                out.add("  " + verdict);
            }
            out.add("  => " + (Boolean.parseBoolean(String.valueOf(a.field("allowed"))) ? "allowed"
                    : "forbidden: no authorizer allowed it"));
        });
        for (TraceEvent a : x.all("admission")) {
            out.add("admission: " + a.field("plugin") + " " + a.field("result") + " " + a.field("operation") + " "
                    + a.field("resource") + ": " + a.field("message"));
        }
        for (TraceEvent s : x.all("storage")) {
            String ns = String.valueOf(s.field("namespace"));
            out.add("storage: " + s.field("action") + " " + s.field("resource") + " \"" + (ns.isEmpty() ? "" : ns + "/")
                    + s.field("name") + "\" (resourceVersion " + s.field("resourceVersion") + ")");
        }
        for (TraceEvent p : x.all("nodeproxy")) {
            out.add("proxied to the kubelet of " + p.field("node") + " at " + p.field("url") + ": "
                    + (p.field("code") != null ? p.field("code") : p.field("error")));
        }
        x.server("response").ifPresent(r -> out.add("response: " + r.field("code") + " " + r.field("reason") + ": "
                + r.field("message")));
        if (x.server().isEmpty()) {
            x.error().ifPresent(err -> out.add("the request never got an answer from kube-apiserver: " + err));
        } else if (x.server("response").isEmpty() && x.code() >= 400) {
            x.error().ifPresent(err -> out.add("error: " + err));
        }
        return out;
    }

    /** An authorization event's chain, one authorizer's verdict per item, in the order they were asked. */
    static List<String> verdicts(String chain) {
        return List.of(VERDICTS.split(chain));
    }

    private static String resourceOf(Exchange x) {
        RequestPath p = x.target();
        if (!p.isResource()) {
            return "nonResourceURL " + p.path();
        }
        String r = p.resource() + (p.subresource().isEmpty() ? "" : "/" + p.subresource());
        return r + (p.name().isEmpty() ? "" : " \"" + p.name() + "\"")
                + p.namespace().map(ns -> " in namespace " + ns).orElse("");
    }

    private List<String> command(Walkthrough.Command c) {
        List<String> out = new ArrayList<>();
        int discovery = 0;
        for (Exchange x : c.exchanges()) {
            if (Walkthrough.discovery(x)) {
                discovery++;
                continue;
            }
            out.add(arrow(x));
            decisions(x).forEach(d -> out.add("  " + d));
        }
        if (discovery > 0) {
            out.add(0, "(" + discovery + " API discovery request" + (discovery == 1 ? "" : "s") + " folded)");
        }
        if (!c.stdout().isEmpty()) {
            out.add("prints:");
            c.stdout().lines().forEach(l -> out.add("  " + l));
        }
        if (!c.stderr().isEmpty()) {
            out.add("error output:");
            c.stderr().lines().forEach(l -> out.add("  " + l));
        }
        return out;
    }

    private String happening(TraceEvent e, List<String> details) {
        String who = e.component();
        switch (e.type()) {
            case "component.start" -> {
                details.add("flags: " + String.join(" ", listField(e, "flags")));
                return e.field("component") + " starts";
            }
            case "component.stop" -> {
                return e.field("component") + " stops";
            }
            case "component.exit" -> {
                String error = String.valueOf(e.field("error"));
                return e.field("component") + " exits with code " + e.field("code") + (error.isEmpty() ? "" : ": " + error);
            }
            case "component.skew" -> {
                return e.field("component") + "'s clock is set off by " + e.field("by");
            }
            case "component.flags" -> {
                return e.field("component") + "'s flags change, for its next start: " + String.join(" ", listField(e, "flags"));
            }
            case "scenario.advance" -> {
                return "time passes: " + GoDuration.format(Duration.parse(String.valueOf(e.field("by"))));
            }
            case "scheduler.elided" -> {
                details.add("steady state between " + e.field("from") + " and " + e.field("to") + ": "
                        + ("RENEWAL".equals(e.field("kind"))
                        ? "one run at the end stands for them, so what they keep fresh is as fresh as if each had run"
                        : "it resumes on its own schedule after the renewals at the end have run"));
                return who + ": " + String.format(Locale.ROOT, "%,d", Long.parseLong(String.valueOf(e.field("runs"))))
                        + " " + e.field("series") + " elided (steady state, every " + e.field("every") + ")";
            }
            case "scenario.edit" -> {
                return "the file " + e.field("path") + " is edited on " + String.join(", ", listField(e, "hosts"));
            }
            case "kubelet.bootstrap.decision" -> {
                return who + ": " + bootstrapDecision(e);
            }
            case "kubelet.bootstrap.key" -> {
                return who + (Boolean.parseBoolean(String.valueOf(e.field("reused")))
                        ? " reuses the private key it made before, " : " makes a new private key (ECDSA P-256), ")
                        + e.field("path");
            }
            case "kubelet.file.written" -> {
                return who + " writes " + fileWritten(e);
            }
            case "kubelet.phase" -> {
                return who + ": " + e.field("from") + ARROW + e.field("to") + " (" + e.field("reason") + ")";
            }
            case "kubelet.certificate.phase" -> {
                return who + ", " + e.field("store") + " certificate: " + e.field("from") + ARROW + e.field("to")
                        + " (" + e.field("reason") + ")";
            }
            case "kubelet.certificate.deadline" -> {
                details.add("the certificate manager renews at a random point 70-90% into the certificate's lifetime");
                return who + " will renew its " + e.field("store") + " certificate at " + e.field("deadline")
                        + " (it expires " + e.field("notAfter") + ")";
            }
            case "kubelet.certificate.failed" -> {
                return who + " could not get its " + e.field("store") + " certificate: " + e.field("error");
            }
            case "kubelet.client.certificate" -> {
                details.add("from now on it authenticates with this certificate (mutual TLS) instead of the bootstrap token");
                return who + " has its client certificate: " + e.field("subject") + ", valid until " + e.field("notAfter");
            }
            case "kubelet.serving.certificate" -> {
                return who + " serves its API with the signed serving certificate " + e.field("subject");
            }
            case "kubelet.server.listening" -> {
                return who + " serves its API on " + e.field("address") + ":" + e.field("port");
            }
            case "kubelet.node.registered" -> {
                if (registeredBeforeServingCertificate(e)) {
                    details.add("Note: the Node registers as soon as the kubelet has a client certificate; it does not wait"
                            + " for the serving certificate. The original post says `kubectl get nodes` shows nothing until"
                            + " the CSRs are approved; upstream lists the node from here on.");
                }
                return who + (Boolean.parseBoolean(String.valueOf(e.field("alreadyExisted")))
                        ? " finds its Node " + e.field("node") + " already registered"
                        : " registered its Node " + e.field("node"));
            }
            case "controller.csrapproving" -> {
                String reason = String.valueOf(e.field("reason"));
                if (reason.contains("not recognized")) {
                    details.add("csrapproving auto-approves kubelet client certificates only (nodeclient, selfnodeclient);"
                            + " anything else waits for a person: kubectl certificate approve " + e.field("csr"));
                }
                return "csrapproving, " + e.field("csr") + ": " + e.field("decision") + ": " + reason;
            }
            case "controller.csrsigning" -> {
                String subject = e.field("csr") == null ? "" : ", " + e.field("csr");
                String signer = e.field("signer") == null ? "" : " (" + e.field("signer") + ")";
                return "csrsigning" + signer + subject + ": " + e.field("decision") + ": " + e.field("reason");
            }
            default -> {
                if (e.type().startsWith("controller.") && e.field("decision") != null) {
                    String subject = e.fields().entrySet().stream().filter(f -> !f.getKey().equals("decision")
                            && !f.getKey().equals("reason")).map(f -> String.valueOf(f.getValue())).findFirst().orElse("");
                    return e.type().substring("controller.".length()) + ", " + subject + ": " + e.field("decision")
                            + ": " + e.field("reason");
                }
                return who + ": " + e.type() + " " + e.fields().entrySet().stream().map(Map.Entry::toString)
                        .collect(Collectors.joining(" "));
            }
        }
    }

    private static String bootstrapDecision(TraceEvent e) {
        return switch (String.valueOf(e.field("decision"))) {
            case "Bootstrap" -> "no usable --kubeconfig " + e.field("kubeconfig") + ", so it bootstraps with "
                    + e.field("bootstrapKubeconfig") + " (its token asks for a client certificate)";
            case "UseKubeconfig" -> "uses its --kubeconfig " + e.field("kubeconfig") + " as it is";
            default -> "cannot start: no usable --kubeconfig and no bootstrap kubeconfig";
        };
    }

    private static String fileWritten(TraceEvent e) {
        String path = String.valueOf(e.field("path"));
        if (Boolean.parseBoolean(String.valueOf(e.field("selfSigned")))) {
            return path + ", a self-signed serving certificate (until a signed one exists)";
        }
        if (e.field("link") != null) {
            return path + " (mode " + e.field("mode") + ") and points " + e.field("link") + " at it";
        }
        if (path.endsWith("kubeconfig")) {
            return path + " (mode " + e.field("mode") + "), a kubeconfig naming the client certificate it is about to get";
        }
        return path + (e.field("mode") == null ? "" : " (mode " + e.field("mode") + ")");
    }

    /** Whether the kubelet asks for a serving certificate and has none signed yet when its Node registers. */
    private boolean registeredBeforeServingCertificate(TraceEvent registered) {
        String kubelet = registered.component();
        boolean requestsServing = events.stream().anyMatch(e -> e.component().equals(kubelet)
                && e.type().equals("kubelet.certificate.phase") && "kubelet-server".equals(e.field("store")));
        for (TraceEvent e : events) {
            if (e == registered) {
                return requestsServing;
            }
            if (e.component().equals(kubelet) && e.type().equals("kubelet.serving.certificate")) {
                return false;
            }
        }
        return false;
    }

    static List<String> listField(TraceEvent e, String key) {
        Object v = e.field(key);
        if (v instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return v == null ? List.of() : List.of(String.valueOf(v));
    }

    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.strip().split("\\s+")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() == 0 ? "" : " ").append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
