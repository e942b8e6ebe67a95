package io.bootsim.apiserver.authorization.rbac;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether one set of rules holds every permission of another (upstream:
 * staging/src/k8s.io/component-helpers/auth/rbac/validation/policy_comparator.go Covers and
 * pkg/registry/rbac/validation/policy_compact.go CompactRules). The servant rules are broken down
 * into one rule per group, resource, verb and name; each must be covered by one owner rule.
 */
public final class Covers {

    private Covers() {
    }

    /** The servant's atomic rules no owner rule covers, compacted; empty when covered. */
    public static List<PolicyRule> missing(List<PolicyRule> owner, List<PolicyRule> servant) {
        List<PolicyRule> missing = new ArrayList<>();
        for (PolicyRule rule : servant) {
            for (PolicyRule atom : breakdown(rule)) {
                if (owner.stream().noneMatch(o -> covers(o, atom))) {
                    missing.add(atom);
                }
            }
        }
        return compact(missing);
    }

    static List<PolicyRule> breakdown(PolicyRule rule) {
        List<PolicyRule> atoms = new ArrayList<>();
        for (String group : rule.apiGroups()) {
            for (String resource : rule.resources()) {
                for (String verb : rule.verbs()) {
                    if (rule.resourceNames().isEmpty()) {
                        atoms.add(new PolicyRule(List.of(verb), List.of(group), List.of(resource), List.of(), List.of()));
                    } else {
                        for (String name : rule.resourceNames()) {
                            atoms.add(new PolicyRule(List.of(verb), List.of(group), List.of(resource), List.of(name), List.of()));
                        }
                    }
                }
            }
        }
        for (String url : rule.nonResourceURLs()) {
            for (String verb : rule.verbs()) {
                atoms.add(new PolicyRule(List.of(verb), List.of(), List.of(), List.of(), List.of(url)));
            }
        }
        return atoms;
    }

    static boolean covers(PolicyRule owner, PolicyRule atom) {
        boolean verbs = owner.verbs().contains(PolicyRule.ALL) || owner.verbs().containsAll(atom.verbs());
        boolean groups = owner.apiGroups().contains(PolicyRule.ALL) || owner.apiGroups().containsAll(atom.apiGroups());
        boolean names = atom.resourceNames().isEmpty() ? owner.resourceNames().isEmpty()
                : owner.resourceNames().isEmpty() || owner.resourceNames().containsAll(atom.resourceNames());
        return verbs && groups && resourcesCovered(owner.resources(), atom.resources())
                && urlsCovered(owner.nonResourceURLs(), atom.nonResourceURLs()) && names;
    }

    private static boolean resourcesCovered(List<String> owner, List<String> servant) {
        if (owner.contains(PolicyRule.ALL)) {
            return true;
        }
        for (String resource : servant) {
            if (owner.contains(resource)) {
                continue;
            }
            int slash = resource.indexOf('/');
            if (slash >= 0 && owner.contains("*" + resource.substring(slash))) {
                continue;
            }
            return false;
        }
        return true;
    }

    private static boolean urlsCovered(List<String> owner, List<String> servant) {
        for (String url : servant) {
            boolean covered = owner.stream().anyMatch(o -> o.equals(url)
                    || (o.endsWith("*") && url.startsWith(PolicyRule.stripTrailingStars(o))));
            if (!covered) {
                return false;
            }
        }
        return true;
    }

    /** Merges the verbs of rules that name one group, one resource and at most one name. */
    static List<PolicyRule> compact(List<PolicyRule> rules) {
        List<PolicyRule> complex = new ArrayList<>();
        Map<List<String>, PolicyRule> simple = new LinkedHashMap<>();
        for (PolicyRule r : rules) {
            boolean isSimple = r.resourceNames().size() <= 1 && r.nonResourceURLs().isEmpty()
                    && r.apiGroups().size() == 1 && r.resources().size() == 1;
            if (!isSimple) {
                complex.add(r);
                continue;
            }
            List<String> key = List.of(r.apiGroups().get(0), r.resources().get(0),
                    r.resourceNames().isEmpty() ? "" : "name:" + r.resourceNames().get(0));
            simple.merge(key, r, (a, b) -> {
                List<String> verbs = new ArrayList<>(a.verbs());
                verbs.addAll(b.verbs());
                return new PolicyRule(verbs, a.apiGroups(), a.resources(), a.resourceNames(), List.of());
            });
        }
        complex.addAll(simple.values());
        return complex;
    }
}
