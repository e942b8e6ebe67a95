package io.bootsim.apiserver.authorization.rbac;

import io.bootsim.apiserver.authentication.UserInfo;
import io.bootsim.core.api.GoFormat;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the rules that apply to a user in a namespace (upstream DefaultRuleResolver,
 * pkg/registry/rbac/validation/rule.go): every ClusterRoleBinding, then, only when a namespace is
 * given, that namespace's RoleBindings. A binding whose role is missing contributes an error,
 * not a failure: rules are additive, so the others still count. Used by the RBAC authorizer,
 * SelfSubjectRulesReview and escalation checks.
 */
public final class RuleResolver {

    /** Called with each applicable rule and its source, or with an error; returning false stops the walk. */
    @FunctionalInterface
    public interface Visitor {
        boolean visit(Binding source, Subject subject, PolicyRule rule, String error);
    }

    /** Every rule found, plus the errors met on the way (the rules are still valid). */
    public record Rules(List<PolicyRule> rules, List<String> errors) {
        public Rules {
            rules = List.copyOf(rules);
            errors = List.copyOf(errors);
        }

        /** The aggregate error text, or null when there were none. */
        public String error() {
            return errors.isEmpty() ? null : GoFormat.aggregate(errors);
        }
    }

    /** A role reference resolved to its rules, or the lister's not-found error. */
    public record Resolved(List<PolicyRule> rules, String error) {
    }

    private final RbacIndex index;

    public RuleResolver(RbacIndex index) {
        this.index = index;
    }

    public void visitRulesFor(UserInfo user, String namespace, Visitor visitor) {
        for (ClusterRoleBinding binding : index.clusterRoleBindingsFor(user)) {
            if (!visitBinding(binding, user, "", visitor)) {
                return;
            }
        }
        if (!namespace.isEmpty()) {
            for (RoleBinding binding : index.roleBindingsFor(user, namespace)) {
                if (!visitBinding(binding, user, namespace, visitor)) {
                    return;
                }
            }
        }
    }

    private boolean visitBinding(Binding binding, UserInfo user, String namespace, Visitor visitor) {
        Subject subject = binding.firstSubjectFor(user);
        if (subject == null) {
            return true;
        }
        Resolved resolved = roleReferenceRules(binding.roleRef(), namespace);
        if (resolved.error() != null) {
            return visitor.visit(null, null, null, resolved.error());
        }
        for (PolicyRule rule : resolved.rules()) {
            if (!visitor.visit(binding, subject, rule, null)) {
                return false;
            }
        }
        return true;
    }

    public Rules rulesFor(UserInfo user, String namespace) {
        List<PolicyRule> rules = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        visitRulesFor(user, namespace, (source, subject, rule, error) -> {
            if (rule != null) {
                rules.add(rule);
            }
            if (error != null) {
                errors.add(error);
            }
            return true;
        });
        return new Rules(rules, errors);
    }

    /** GetRoleReferenceRules; the namespace is the binding's, empty for ClusterRoleBindings. */
    public Resolved roleReferenceRules(RoleRef ref, String bindingNamespace) {
        return switch (ref.kind()) {
            case RoleRef.ROLE -> index.role(bindingNamespace, ref.name())
                    .map(r -> new Resolved(r.rules(), null))
                    .orElseGet(() -> new Resolved(List.of(), notFound("role", ref.name())));
            case RoleRef.CLUSTER_ROLE -> index.clusterRoleRules(ref.name())
                    .map(rules -> new Resolved(rules, null))
                    .orElseGet(() -> new Resolved(List.of(), notFound("clusterrole", ref.name())));
            default -> new Resolved(List.of(), "unsupported role reference kind: " + GoFormat.quote(ref.kind()));
        };
    }

    /** The lister's NotFound text, which names the singular resource: {@code clusterrole.rbac.authorization.k8s.io "x" not found}. */
    private static String notFound(String resource, String name) {
        return resource + "." + RoleRef.RBAC_GROUP + " " + GoFormat.quote(name) + " not found";
    }
}
