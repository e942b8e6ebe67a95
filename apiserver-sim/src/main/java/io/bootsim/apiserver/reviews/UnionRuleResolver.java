package io.bootsim.apiserver.reviews;

import io.bootsim.apiserver.authentication.UserInfo;
import io.bootsim.apiserver.authorization.AlwaysAllow;
import io.bootsim.apiserver.authorization.Attributes;
import io.bootsim.apiserver.authorization.Authorizer;
import io.bootsim.apiserver.authorization.Union;
import io.bootsim.apiserver.authorization.abac.AbacAuthorizer;
import io.bootsim.apiserver.authorization.abac.Policy;
import io.bootsim.apiserver.authorization.node.NodeAuthorizer;
import io.bootsim.apiserver.authorization.node.NodeIdentity;
import io.bootsim.apiserver.authorization.rbac.PolicyRule;
import io.bootsim.apiserver.authorization.rbac.RbacAuthorizer;
import io.bootsim.apiserver.authorization.rbac.RuleResolver;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The rule resolvers of the authorizer chain, asked in chain order, their rules concatenated
 * (upstream's union RuleResolvers). AlwaysAllow contributes {@code *} everywhere, ABAC the lines
 * matching the user and namespace, RBAC the rules of the user's bindings. The Node authorizer
 * cannot list a node's rules and marks the result incomplete; the system:masters authorizer and
 * AlwaysDeny contribute nothing. Errors are flattened and deduplicated as utilerrors aggregates are.
 */
// upstream: staging/src/k8s.io/apiserver/pkg/authorization/union/union.go unionAuthzRulesHandler,
// plugin/pkg/auth/authorizer/rbac/rbac.go, node/node_authorizer.go, pkg/auth/authorizer/abac/abac.go RulesFor
public final class UnionRuleResolver {

    public static final String NODE_INCOMPLETE = "node authorizer does not support user rule resolution";

    /** What the chain can list for a user in a namespace; {@code errors} in the order met. */
    public record Rules(List<PolicyRule> resourceRules, List<PolicyRule> nonResourceRules, boolean incomplete,
                        List<String> errors) {
        public Rules {
            resourceRules = List.copyOf(resourceRules);
            nonResourceRules = List.copyOf(nonResourceRules);
            errors = List.copyOf(new LinkedHashSet<>(errors));
        }

        /** The aggregate error text, or null. */
        public String evaluationError() {
            if (errors.isEmpty()) {
                return null;
            }
            return errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]";
        }
    }

    private static final List<String> ALL = List.of(PolicyRule.ALL);
    private static final List<String> READ = List.of("get", "list", "watch");

    private final List<Authorizer> chain;
    public UnionRuleResolver(Union union) {
        this.chain = union.chain();
    }

    public Rules rulesFor(UserInfo user, String namespace) {
        List<PolicyRule> resource = new ArrayList<>();
        List<PolicyRule> nonResource = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        boolean incomplete = false;
        for (Authorizer authorizer : chain) {
            if (authorizer instanceof AlwaysAllow) {
                resource.add(new PolicyRule(ALL, ALL, ALL, List.of(), List.of()));
                nonResource.add(new PolicyRule(ALL, List.of(), List.of(), List.of(), ALL));
            } else if (authorizer instanceof RbacAuthorizer rbac) {
                RuleResolver.Rules rules = rbac.resolver().rulesFor(user, namespace);
                for (PolicyRule rule : rules.rules()) {
                    if (!rule.resources().isEmpty()) {
                        resource.add(new PolicyRule(rule.verbs(), rule.apiGroups(), rule.resources(), rule.resourceNames(), List.of()));
                    }
                    if (!rule.nonResourceURLs().isEmpty()) {
                        nonResource.add(new PolicyRule(rule.verbs(), List.of(), List.of(), List.of(), rule.nonResourceURLs()));
                    }
                }
                errors.addAll(rules.errors());
            } else if (authorizer instanceof AbacAuthorizer abac) {
                abacRules(abac.policies(), user, namespace, resource, nonResource);
            } else if (authorizer instanceof NodeAuthorizer && NodeIdentity.nodeName(user).isPresent()) {
                incomplete = true;
                errors.add(NODE_INCOMPLETE);
            }
        }
        return new Rules(resource, nonResource, incomplete, errors);
    }

    private static void abacRules(List<Policy> policies, UserInfo user, String namespace, List<PolicyRule> resource,
                                  List<PolicyRule> nonResource) {
        for (Policy p : policies) {
            // Policy.matches on a request for the policy's own resource and group is exactly
            // "subject matches and namespace matches", the condition upstream's RulesFor uses
            Attributes probe = Attributes.resource(user, "get", namespace, p.apiGroup(), p.resource(), "", "");
            if (!p.matches(probe)) {
                continue;
            }
            List<String> verbs = p.readonly() ? READ : ALL;
            if (!p.resource().isEmpty()) {
                resource.add(new PolicyRule(verbs, List.of(p.apiGroup()), List.of(p.resource()), List.of(), List.of()));
            }
            if (!p.nonResourcePath().isEmpty()) {
                nonResource.add(new PolicyRule(verbs, List.of(), List.of(), List.of(), List.of(p.nonResourcePath())));
            }
        }
    }
}
