package io.bootsim.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;
import io.bootsim.core.flags.Flag;
import io.bootsim.core.flags.FlagSet;
import io.bootsim.core.flags.FlagType;
import io.bootsim.core.flags.ParsedFlags;
import io.bootsim.core.http.HttpRequest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code kubectl auth can-i VERB RESOURCE [NAME]}, {@code VERB /path}, and {@code --list}: a
 * SelfSubjectAccessReview answered "yes" (exit 0) or "no[ - reason][ - evaluationError]" (exit 1),
 * with the warnings kubectl gives for a resource discovery does not know or that is not
 * namespaced; {@code --list} prints the SelfSubjectRulesReview's rules broken down per resource,
 * compacted and sorted as kubectl does.
 */
// upstream: kubernetes/kubectl pkg/cmd/auth/cani.go; pkg/util/rbac (BreakdownRule, CompactRules, SortableRuleSlice)
final class AuthCanICommand implements Subcommand {

    private static final Flag<Boolean> LIST = Flag.of("list", FlagType.BOOL, false,
            "If true, prints all allowed actions.");
    private static final Flag<Boolean> ALL_NAMESPACES = Flag.of("all-namespaces", FlagType.BOOL, false,
            "If true, check the specified action in all namespaces.").shorthand("A");
    private static final Flag<Boolean> QUIET = Flag.of("quiet", FlagType.BOOL, false,
            "If true, suppress output and just return the exit code.").shorthand("q");
    private static final Flag<Boolean> NO_HEADERS = Flag.of("no-headers", FlagType.BOOL, false,
            "If true, prints allowed actions without headers");
    private static final Flag<String> SUBRESOURCE = Flag.of("subresource", FlagType.STRING, "",
            "SubResource such as pod/log or deployment/scale");

    @Override
    public String name() {
        return "auth can-i";
    }

    @Override
    public void declare(FlagSet flags) {
        for (Flag<?> f : List.of(LIST, ALL_NAMESPACES, QUIET, NO_HEADERS, SUBRESOURCE)) {
            flags.add(name(), f);
        }
    }

    @Override
    public void run(Invocation run, ParsedFlags flags, List<String> args) {
        String namespace = flags.get(ALL_NAMESPACES) ? "" : run.namespace();
        if (flags.get(LIST)) {
            list(run, namespace, flags.get(NO_HEADERS));
            return;
        }
        if (args.size() < 2) {
            run.fail("error: you must specify two arguments: verb resource or verb resource/resourceName.\n"
                    + "See 'kubectl auth can-i -h' for help and examples");
            return;
        }
        String verb = args.get(0);
        boolean quiet = flags.get(QUIET);
        if (args.get(1).startsWith("/")) {
            ObjectNode attributes = Json.object().put("path", args.get(1)).put("verb", verb);
            review(run, "nonResourceAttributes", attributes, quiet);
            return;
        }
        String resourceArg = args.get(1);
        String name = args.size() > 2 ? args.get(2) : "";
        int slash = resourceArg.indexOf('/');
        if (slash > 0) {
            name = resourceArg.substring(slash + 1);
            resourceArg = resourceArg.substring(0, slash);
        }
        String resourceName = name;
        String typed = resourceArg;
        Discovery.load(run, discovery -> {
            ObjectNode attributes = Json.object().put("namespace", namespace).put("verb", verb);
            ResourceMapping mapping = typed.equals("*") ? null : discovery.resolve(typed).orElse(null);
            if (mapping == null) {
                if (!typed.equals("*")) {
                    run.err().append("Warning: the server doesn't have a resource type '").append(typed).append("'\n\n");
                }
                attributes.put("resource", typed);
                finishAttributes(attributes, flags.get(SUBRESOURCE), resourceName);
                review(run, "resourceAttributes", attributes, quiet);
                return;
            }
            if (!mapping.group().isEmpty()) {
                attributes.put("group", mapping.group());
            }
            attributes.put("resource", mapping.resource());
            finishAttributes(attributes, flags.get(SUBRESOURCE), resourceName);
            if (namespace.isEmpty()) {
                review(run, "resourceAttributes", attributes, quiet);
                return;
            }
            // isNamespaced reads the group version's resource list; an error there only loses the warning
            String groupVersion = mapping.group().isEmpty() ? "/api/" + mapping.version()
                    : "/apis/" + mapping.group() + "/" + mapping.version();
            run.send(HttpRequest.get(groupVersion), resources -> {
                if (resources.isSuccess() && !mapping.namespaced()) {
                    run.err().append("Warning: resource '").append(mapping.resource()).append("' is not namespace scoped")
                            .append(mapping.group().isEmpty() ? "" : " in group '" + mapping.group() + "'")
                            .append("\n\n"); // cani.go's format ends in a newline and the warning printer adds one
                }
                review(run, "resourceAttributes", attributes, quiet);
            });
        });
    }

    private static void finishAttributes(ObjectNode attributes, String subresource, String name) {
        if (!subresource.isEmpty()) {
            attributes.put("subresource", subresource);
        }
        if (!name.isEmpty()) {
            attributes.put("name", name);
        }
    }

    private static void review(Invocation run, String field, ObjectNode attributes, boolean quiet) {
        ObjectNode review = Json.object();
        review.put("kind", "SelfSubjectAccessReview");
        review.put("apiVersion", "authorization.k8s.io/v1");
        review.putObject("metadata").putNull("creationTimestamp");
        review.putObject("spec").set(field, attributes);
        review.putObject("status").put("allowed", false);
        run.send(HttpRequest.post("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", review), result -> {
            if (!result.isSuccess()) {
                run.fail(result);
                return;
            }
            JsonNode status = result.json().path("status");
            boolean allowed = status.path("allowed").asBoolean();
            if (!quiet) {
                if (allowed) {
                    run.out().append("yes\n");
                } else {
                    run.out().append("no");
                    if (!status.path("reason").asText("").isEmpty()) {
                        run.out().append(" - ").append(status.path("reason").asText());
                    }
                    if (!status.path("evaluationError").asText("").isEmpty()) {
                        run.out().append(" - ").append(status.path("evaluationError").asText());
                    }
                    run.out().append('\n');
                }
            }
            run.finish(allowed ? 0 : 1);
        });
    }

    private static void list(Invocation run, String namespace, boolean noHeaders) {
        ObjectNode review = Json.object();
        review.put("kind", "SelfSubjectRulesReview");
        review.put("apiVersion", "authorization.k8s.io/v1");
        review.putObject("metadata").putNull("creationTimestamp");
        review.putObject("spec").put("namespace", namespace);
        run.send(HttpRequest.post("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews", review), result -> {
            if (!result.isSuccess()) {
                run.fail(result);
                return;
            }
            JsonNode status = result.json().path("status");
            if (status.path("incomplete").asBoolean()) {
                run.err().append("Warning: the list may be incomplete: ").append(status.path("evaluationError").asText())
                        .append('\n');
            }
            TabWriter writer = new TabWriter(run.out());
            if (!noHeaders) {
                writer.line("Resources\tNon-Resource URLs\tResource Names\tVerbs");
            }
            for (Rule rule : compact(breakdown(status))) {
                writer.line(rule.resourceColumn() + "\t" + list(rule.urls()) + "\t" + list(rule.names()) + "\t"
                        + list(rule.verbs()));
            }
            writer.flush();
            run.finish(0);
        });
    }

    /** One broken-down rule: at most one group, resource and name, or one non-resource URL. */
    private record Rule(List<String> verbs, List<String> groups, List<String> resources, List<String> names,
                        List<String> urls) {

        /** describe.CombineResourceGroup: {@code resource.group}, a subresource after the group. */
        String resourceColumn() {
            if (resources.isEmpty()) {
                return "";
            }
            String[] parts = resources.get(0).split("/", 2);
            String combined = parts[0];
            if (!groups.isEmpty() && !groups.get(0).isEmpty()) {
                combined += "." + groups.get(0);
            }
            return parts.length == 2 ? combined + "/" + parts[1] : combined;
        }

        /** The protobuf String() of rbacv1.PolicyRule, which kubectl sorts by. */
        String sortKey() {
            return "&PolicyRule{Verbs:" + list(verbs) + ",APIGroups:" + list(groups) + ",Resources:" + list(resources)
                    + ",ResourceNames:" + list(names) + ",NonResourceURLs:" + list(urls) + ",}";
        }
    }

    private static String list(List<String> values) {
        return "[" + String.join(" ", values) + "]";
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static List<String> sortedSet(List<String> values) {
        return new ArrayList<>(new TreeSet<>(values));
    }

    private static List<Rule> breakdown(JsonNode status) {
        List<Rule> rules = new ArrayList<>();
        for (JsonNode r : status.path("resourceRules")) {
            List<String> verbs = sortedSet(strings(r.path("verbs")));
            for (String group : strings(r.path("apiGroups"))) {
                for (String resource : strings(r.path("resources"))) {
                    List<String> names = strings(r.path("resourceNames"));
                    if (names.isEmpty()) {
                        rules.add(new Rule(verbs, List.of(group), List.of(resource), List.of(), List.of()));
                    }
                    for (String n : names) {
                        rules.add(new Rule(verbs, List.of(group), List.of(resource), List.of(n), List.of()));
                    }
                }
            }
        }
        for (JsonNode r : status.path("nonResourceRules")) {
            List<String> verbs = sortedSet(strings(r.path("verbs")));
            for (String url : strings(r.path("nonResourceURLs"))) {
                rules.add(new Rule(verbs, List.of(), List.of(), List.of(), List.of(url)));
            }
        }
        return rules;
    }

    /** Simple rules for the same group, resource and name merge their verbs, in first-seen order. */
    private static List<Rule> compact(List<Rule> rules) {
        List<Rule> compacted = new ArrayList<>();
        Map<List<String>, List<String>> simple = new LinkedHashMap<>();
        Map<List<String>, Rule> firstOf = new LinkedHashMap<>();
        for (Rule rule : rules) {
            if (rule.urls().isEmpty()) {
                List<String> key = List.of(rule.groups().get(0), rule.resources().get(0),
                        rule.names().isEmpty() ? "" : rule.names().get(0));
                firstOf.putIfAbsent(key, rule);
                List<String> verbs = simple.computeIfAbsent(key, k -> new ArrayList<>());
                rule.verbs().stream().filter(v -> !verbs.contains(v)).forEach(verbs::add);
            } else {
                compacted.add(rule);
            }
        }
        simple.forEach((key, verbs) -> {
            Rule first = firstOf.get(key);
            compacted.add(new Rule(verbs, first.groups(), first.resources(), first.names(), first.urls()));
        });
        compacted.sort(Comparator.comparing(Rule::sortKey)); // a stable sort, as sort.Stable
        return compacted;
    }
}
