package io.bootsim.apiserver.authorization;

import io.bootsim.core.api.GoFormat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The authorizer chain (upstream: staging/src/k8s.io/apiserver/pkg/authorization/union/union.go).
 * Authorizers are asked in order. The first Allow or Deny is the answer, with that authorizer's
 * reason and error. NoOpinion moves on to the next. If nobody has an opinion, the result is
 * NoOpinion with every non-empty reason joined by a newline and every error aggregated.
 */
public final class Union implements Authorizer {

    private final List<Authorizer> chain;

    public Union(List<Authorizer> chain) {
        this.chain = List.copyOf(chain);
    }

    public List<Authorizer> chain() {
        return chain;
    }

    @Override
    public String name() {
        return chain.stream().map(Authorizer::name).collect(Collectors.joining(","));
    }

    @Override
    public Decision authorize(Attributes attributes) {
        return evaluate(attributes).decision();
    }

    /** The final decision plus each asked authorizer's verdict in chain order, for the trace. */
    public Result evaluate(Attributes attributes) {
        List<Verdict> verdicts = new ArrayList<>(chain.size());
        List<KlogLine> logs = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (Authorizer authorizer : chain) {
            Decision decision = authorizer.authorize(attributes);
            verdicts.add(new Verdict(authorizer.name(), decision, authorizer.implicit()));
            authorizer.logLine(attributes, decision).ifPresent(logs::add);
            if (!(decision instanceof Decision.NoOpinion)) {
                return new Result(decision, verdicts, logs);
            }
            if (!decision.reason().isEmpty()) {
                reasons.add(decision.reason());
            }
            if (decision.error() != null) {
                errors.add(decision.error());
            }
        }
        String error = errors.isEmpty() ? null : GoFormat.aggregate(errors);
        return new Result(new Decision.NoOpinion(String.join("\n", reasons), error), verdicts, logs);
    }

    /** One authorizer's answer within a chain evaluation; {@code implicit} see {@link Authorizer#implicit()}. */
    public record Verdict(String authorizer, Decision decision, boolean implicit) {

        /** e.g. {@code Node: no opinion} or {@code RBAC: allowed by ClusterRoleBinding "b" of ...}. */
        public String describe() {
            String explanation = decision.explain();
            String prefix = authorizer + ": ";
            if (explanation.startsWith(prefix)) {
                explanation = explanation.substring(prefix.length());
            }
            String text;
            if (decision instanceof Decision.Allow) {
                text = explanation.isEmpty() ? "allowed" : explanation;
            } else if (decision instanceof Decision.Deny) {
                text = explanation.isEmpty() ? "denied" : "denied: " + explanation;
            } else {
                text = explanation.isEmpty() ? "no opinion" : "no opinion (" + explanation + ")";
            }
            return decision.error() == null ? prefix + text : prefix + text + ", error: " + decision.error();
        }
    }

    /** The chain's answer with every verdict that led to it and the log lines the authorizers wrote. */
    public record Result(Decision decision, List<Verdict> verdicts, List<KlogLine> logs) {
        public Result {
            verdicts = List.copyOf(verdicts);
            logs = List.copyOf(logs);
        }

        /** e.g. {@code Node: no opinion, RBAC: allowed by ...}; an implicit authorizer's no opinion is left out. */
        public String describe() {
            return verdicts.stream().filter(v -> !(v.implicit() && v.decision() instanceof Decision.NoOpinion))
                    .map(Verdict::describe).collect(Collectors.joining(", "));
        }
    }
}
