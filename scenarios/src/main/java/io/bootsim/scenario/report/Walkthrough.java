package io.bootsim.scenario.report;

import io.bootsim.core.trace.TraceEvent;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A run's trace as a story: the beats a learner follows, in trace order. Requests are put back
 * together from both ends ({@link Exchange}); a kubectl command carries the requests it made; what
 * happens on every run and teaches nothing new is folded per component (informers listing and
 * watching, API discovery, Lease renewals and node status updates, controllers passing over a CSR
 * that is not theirs to handle, and a retry loop going round again) into one beat that counts it.
 * Narration and the sequence diagram are both drawn from these beats.
 */
public final class Walkthrough {

    /** Who the scenario's own events (start, stop, advance, edit) belong to. */
    public static final String SCENARIO = "scenario";
    public static final String KUBECTL = "kubectl";
    private static final String APISERVER = "kube-apiserver";
    private static final Set<String> SERVER_TYPES = Set.of("authentication", "impersonation", "authorization",
            "admission", "storage", "response", "nodeproxy");
    // A controller passing over a CSR that another controller or a person has to act on first.
    private static final Set<String> ROUTINE_PASSES = Set.of("not approved", "already approved or denied",
            "already has a certificate");
    // How many of a component's last narrated beats a new one is compared with to spot a retry loop.
    private static final int RETRY_WINDOW = 4;

    /** One thing that happened, as the walk-through tells it. */
    public sealed interface Beat {
        Instant time();

        /** The lane it belongs to: a component, {@code kubectl} or {@code scenario}. */
        String actor();
    }

    /** A request from a component, with kube-apiserver's decisions. */
    public record Request(Exchange exchange) implements Beat {
        public Instant time() {
            return exchange.time();
        }

        public String actor() {
            return exchange.from();
        }
    }

    /** A component's own decision or action (a controller's verdict, a file the kubelet wrote), or a scenario step. */
    public record Happening(TraceEvent event) implements Beat {
        public Instant time() {
            return event.time();
        }

        public String actor() {
            return event.component();
        }
    }

    /** An admin's kubectl command: what was typed, what it printed, and the requests it made. */
    public record Command(TraceEvent command, List<Exchange> exchanges) implements Beat {
        public Instant time() {
            return exchanges.isEmpty() ? command.time() : exchanges.get(0).time();
        }

        public String actor() {
            return KUBECTL;
        }

        public String line() {
            return String.valueOf(command.field("command"));
        }

        public String stdout() {
            return String.valueOf(command.field("stdout"));
        }

        public String stderr() {
            return String.valueOf(command.field("stderr"));
        }
    }

    /** Beats of one component folded into a count per kind, from {@code time} to {@code until}. */
    public record Folded(String actor, Instant time, Instant until, Map<String, Integer> counts) implements Beat {
        public int total() {
            return counts.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private Walkthrough() {
    }

    public static List<Beat> of(List<TraceEvent> events) {
        // 1. The apiserver's events per request: an authentication starts each, the rest follow it (WorldTrace
        //    writes one request's events together).
        Map<Integer, List<TraceEvent>> groups = new LinkedHashMap<>();
        Set<Integer> grouped = new HashSet<>();
        Integer open = null;
        for (int i = 0; i < events.size(); i++) {
            TraceEvent e = events.get(i);
            boolean server = e.component().equals(APISERVER) && SERVER_TYPES.contains(e.type());
            if (server && e.type().equals("authentication")) {
                open = i;
                groups.put(i, new ArrayList<>());
            }
            if (server && open != null) {
                groups.get(open).add(e);
                grouped.add(i);
            } else {
                open = null;
            }
        }
        // 2. Each client's http.request with the earliest unclaimed request it sent before hearing back.
        Map<String, Deque<Integer>> unclaimed = new HashMap<>();
        Map<Integer, Exchange> exchanges = new HashMap<>(); // by where the exchange is told
        Set<Integer> claimedClients = new HashSet<>();
        List<Integer> commandEnds = new ArrayList<>();
        Map<Integer, Integer> commandOf = new HashMap<>(); // exchange position -> kubectl command index
        for (int i = 0; i < events.size(); i++) {
            TraceEvent e = events.get(i);
            if (groups.containsKey(i)) {
                unclaimed.computeIfAbsent(String.valueOf(e.field("request")), k -> new ArrayDeque<>()).add(i);
                exchanges.put(i, new Exchange(Optional.empty(), groups.get(i)));
            } else if (e.type().equals("http.request") && !e.component().equals(APISERVER)) {
                Deque<Integer> q = unclaimed.get(e.field("method") + " " + e.field("path"));
                int at = q == null || q.isEmpty() ? i : q.poll();
                exchanges.put(at, new Exchange(Optional.of(e), at == i ? List.of() : groups.get(at)));
                if (at != i) {
                    claimedClients.add(i);
                }
                if (e.component().equals(KUBECTL)) {
                    commandOf.put(at, commandEnds.size());
                }
            } else if (e.component().equals(SCENARIO) && e.type().equals(KUBECTL)) {
                commandEnds.add(i);
            }
        }
        List<List<Exchange>> commandExchanges = new ArrayList<>();
        commandEnds.forEach(c -> commandExchanges.add(new ArrayList<>()));
        exchanges.keySet().stream().sorted().forEach(at -> {
            Integer c = commandOf.get(at);
            if (c != null && c < commandEnds.size()) {
                commandExchanges.get(c).add(exchanges.get(at));
            }
        });
        // 3. The beats, in trace order, folding as we go.
        Folding out = new Folding();
        Set<Integer> told = new HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            TraceEvent e = events.get(i);
            Exchange x = exchanges.get(i);
            if (x != null) {
                Integer c = commandOf.get(i);
                if (c != null && c < commandEnds.size()) {
                    if (told.add(c)) {
                        out.tell(new Command(events.get(commandEnds.get(c)), commandExchanges.get(c)));
                    }
                } else {
                    routine(x).ifPresentOrElse(label -> out.fold(x.from(), x.time(), label),
                            () -> out.tell(new Request(x)));
                }
            } else if (grouped.contains(i) || claimedClients.contains(i)) {
                continue; // told with its exchange
            } else if (commandEnds.contains(i)) {
                int c = commandEnds.indexOf(i);
                if (told.add(c)) {
                    out.tell(new Command(e, commandExchanges.get(c)));
                }
            } else {
                routine(e).ifPresentOrElse(label -> out.fold(e.component(), e.time(), label),
                        () -> out.tell(new Happening(e)));
            }
        }
        return out.beats;
    }

    /** What a request is, when it is one of the requests every component makes all the time. */
    static Optional<String> routine(Exchange x) {
        RequestPath p = x.target();
        if (!p.isResource()) {
            return Optional.of("API discovery");
        }
        if (x.code() >= 400 && !(p.resource().equals("leases") && x.code() == 404)) {
            return Optional.empty(); // a failure is news
        }
        if (p.isWatch()) {
            return Optional.of("watch " + p.resource());
        }
        if (p.resource().equals("leases")) {
            return Optional.of("Lease renewal");
        }
        if (p.resource().equals("nodes") && p.subresource().equals("status")) {
            return Optional.of("node status update");
        }
        if (x.method().equals("GET") && p.name().isEmpty() && !x.from().equals(KUBECTL)) {
            return Optional.of("list " + p.resource());
        }
        return Optional.empty();
    }

    /** Kubernetes discovery requests inside a kubectl command. */
    static boolean discovery(Exchange x) {
        return !x.target().isResource();
    }

    private static Optional<String> routine(TraceEvent e) {
        if (e.type().startsWith("controller.") && "ignored".equals(e.field("decision"))
                && ROUTINE_PASSES.contains(String.valueOf(e.field("reason")))) {
            return Optional.of(e.type().substring("controller.".length()) + " passes over a CSR ("
                    + e.field("reason") + ")");
        }
        return Optional.empty();
    }

    /** The beats so far, one open fold per component, and each component's last narrated beats. */
    private static final class Folding {
        private final List<Beat> beats = new ArrayList<>();
        private final Map<String, Integer> openFolds = new HashMap<>();
        private final Map<String, Deque<String>> recent = new HashMap<>();

        void tell(Beat beat) {
            String signature = signature(beat);
            Deque<String> mine = recent.computeIfAbsent(beat.actor(), a -> new ArrayDeque<>());
            if (!(beat instanceof Command) && mine.contains(signature)) {
                fold(beat.actor(), beat.time(), label(beat));
                return;
            }
            openFolds.clear(); // folds close when something new is told, so each stays in its place in time
            beats.add(beat);
            mine.addLast(signature);
            if (mine.size() > RETRY_WINDOW) {
                mine.removeFirst();
            }
        }

        void fold(String actor, Instant time, String label) {
            Integer at = openFolds.get(actor);
            if (at == null) {
                openFolds.put(actor, beats.size());
                beats.add(new Folded(actor, time, time, new LinkedHashMap<>(Map.of(label, 1))));
                return;
            }
            Folded f = (Folded) beats.get(at);
            Map<String, Integer> counts = new LinkedHashMap<>(f.counts());
            counts.merge(label, 1, Integer::sum);
            beats.set(at, new Folded(actor, f.time(), time, counts));
        }
    }

    /** What makes two beats the same step of a retry loop: everything but counters and timings. */
    private static String signature(Beat beat) {
        if (beat instanceof Request r) {
            Exchange x = r.exchange();
            return x.method() + " " + x.target().shortForm() + " " + x.code() + " "
                    + x.server("authorization").map(a -> a.field("chain")).orElse("") + " " + x.error().orElse("");
        }
        if (beat instanceof Happening h) {
            return h.event().type() + " " + h.event().fields().toString()
                    .replaceAll("attempt \\d+ failed, next in [^,}]+", "attempt failed");
        }
        return beat.toString();
    }

    /** The short name a folded beat is counted under. */
    static String label(Beat beat) {
        if (beat instanceof Request r) {
            Exchange x = r.exchange();
            return x.method() + " " + x.target().resource() + " \u2192 " + x.code();
        }
        if (beat instanceof Happening h) {
            return h.event().type();
        }
        return beat.actor();
    }
}
