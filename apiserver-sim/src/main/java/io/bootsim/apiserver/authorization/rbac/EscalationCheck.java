package io.bootsim.apiserver.authorization.rbac;

import io.bootsim.apiserver.authentication.UserInfo;
import io.bootsim.apiserver.authorization.Attributes;
import io.bootsim.apiserver.authorization.Authorizer;
import io.bootsim.core.api.GoFormat;
import io.bootsim.core.api.Status;
import io.bootsim.core.version.KubeVersion;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * RBAC privilege-escalation prevention, applied by the registry after authorization when a role
 * or binding is created or updated (upstream: pkg/registry/rbac/escalation_check.go,
 * .../clusterrole/policybased/storage.go, .../rolebinding/policybased/storage.go,
 * .../validation/rule.go ConfirmNoEscalation). system:masters always passes; otherwise the user
 * needs {@code escalate} (roles, honoured since ≈1.12) or {@code bind} (bindings) on the role, or
 * must already hold every permission being granted.
 */
public final class EscalationCheck {

    private final Authorizer authorizer;
    private final RuleResolver resolver;
    private final KubeVersion version;

    /** @param authorizer the whole chain, as upstream asks it whether escalate/bind is allowed */
    public EscalationCheck(Authorizer authorizer, RuleResolver resolver, KubeVersion version) {
        this.authorizer = authorizer;
        this.resolver = resolver;
        this.version = version;
    }

    /** Create/update of a ClusterRole: empty when allowed, else the 403 Status to return. */
    public Optional<Status> checkClusterRole(UserInfo user, ClusterRole role, ClusterRole previous) {
        if (user.inGroup(UserInfo.MASTERS_GROUP) || mayEscalate(user, "", "clusterroles", role.name())) {
            return Optional.empty();
        }
        if (role.aggregated() || (previous != null && previous.aggregated())) {
            // upstream: an aggregationRule can pull in any rule, so only a full cluster-admin may set one
            if (!Covers.missing(resolver.rulesFor(user, "").rules(), FULL_AUTHORITY).isEmpty()) {
                return Optional.of(forbidden("clusterroles", role.name(),
                        "must have cluster-admin privileges to use the aggregationRule"));
            }
            return Optional.empty();
        }
        return confirmNoEscalation(user, "", role.rules()).map(msg -> forbidden("clusterroles", role.name(), msg));
    }

    /** Create/update of a Role, judged with the user's rules in the role's namespace. */
    public Optional<Status> checkRole(UserInfo user, Role role) {
        if (user.inGroup(UserInfo.MASTERS_GROUP) || mayEscalate(user, role.namespace(), "roles", role.name())) {
            return Optional.empty();
        }
        return confirmNoEscalation(user, role.namespace(), role.rules()).map(msg -> forbidden("roles", role.name(), msg));
    }

    /** Create/update of a ClusterRoleBinding or RoleBinding. */
    public Optional<Status> checkBinding(UserInfo user, Binding binding) {
        String resource = binding instanceof RoleBinding ? "rolebindings" : "clusterrolebindings";
        if (user.inGroup(UserInfo.MASTERS_GROUP)) {
            return Optional.empty();
        }
        RoleRef ref = binding.roleRef();
        Attributes bind = Attributes.resource(user, "bind", binding.namespace(), RoleRef.RBAC_GROUP, ref.resource(), "", ref.name());
        if (authorizer.authorize(bind).allowed()) {
            return Optional.empty();
        }
        RuleResolver.Resolved resolved = resolver.roleReferenceRules(ref, binding.namespace());
        if (resolved.error() != null) {
            // the role lookup's NotFound is returned as is
            String singular = RoleRef.ROLE.equals(ref.kind()) ? "role" : "clusterrole";
            return Optional.of(Status.failure(404, "NotFound", resolved.error(),
                    Status.Details.of(ref.name(), RoleRef.RBAC_GROUP, singular)));
        }
        return confirmNoEscalation(user, binding.namespace(), resolved.rules())
                .map(msg -> forbidden(resource, binding.name(), msg));
    }

    /** ConfirmNoEscalation's error text, or empty when the user holds every rule. */
    public Optional<String> confirmNoEscalation(UserInfo user, String namespace, List<PolicyRule> rules) {
        RuleResolver.Rules owner = resolver.rulesFor(user, namespace);
        List<PolicyRule> missing = Covers.missing(owner.rules(), rules);
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        TreeSet<String> lines = new TreeSet<>();
        missing.forEach(r -> lines.add(r.compactString()));
        String msg = "user " + GoFormat.quote(user.name()) + " (groups=" + GoFormat.quote(user.groups())
                + ") is attempting to grant RBAC permissions not currently held:\n" + String.join("\n", lines);
        if (owner.error() != null) {
            msg += "; resolution errors: [" + owner.error() + "]";
        }
        return Optional.of(msg);
    }

    private boolean mayEscalate(UserInfo user, String namespace, String resource, String name) {
        return version.atLeast(1, 12) && authorizer.authorize(
                Attributes.resource(user, "escalate", namespace, RoleRef.RBAC_GROUP, resource, "", name)).allowed();
    }

    private static final List<PolicyRule> FULL_AUTHORITY = List.of(
            PolicyRule.verbs(PolicyRule.ALL).groups(PolicyRule.ALL).resources(PolicyRule.ALL),
            PolicyRule.verbs(PolicyRule.ALL).urls(PolicyRule.ALL));

    private static Status forbidden(String resource, String name, String message) {
        return Status.forbidden(RoleRef.RBAC_GROUP, resource, name,
                Status.qualified(RoleRef.RBAC_GROUP, resource) + " " + GoFormat.quote(name) + " is forbidden: " + message);
    }
}
