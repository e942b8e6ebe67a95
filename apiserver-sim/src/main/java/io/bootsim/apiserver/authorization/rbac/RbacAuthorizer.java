package io.bootsim.apiserver.authorization.rbac;

import io.bootsim.apiserver.authorization.Attributes;
import io.bootsim.apiserver.authorization.Authorizer;
import io.bootsim.apiserver.authorization.Decision;
import io.bootsim.core.api.GoFormat;
import io.bootsim.apiserver.authorization.KlogLine;
import io.bootsim.core.version.KubeVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Mode RBAC (upstream: plugin/pkg/auth/authorizer/rbac/rbac.go). Allows when any rule reachable
 * through the requester's bindings allows, naming the binding, role and subject; otherwise
 * NoOpinion (never Deny), whose reason lists the role-resolution errors met, and a log line whose
 * wording and verbosity depend on the release.
 */
public final class RbacAuthorizer implements Authorizer {

    private final RuleResolver resolver;
    private final KubeVersion version;

    public RbacAuthorizer(RuleResolver resolver, KubeVersion version) {
        this.resolver = resolver;
        this.version = version;
    }

    public RuleResolver resolver() {
        return resolver;
    }

    @Override
    public String name() {
        return "RBAC";
    }

    @Override
    public Decision authorize(Attributes attributes) {
        String[] allowedBy = new String[1];
        List<String> errors = new ArrayList<>(0);
        resolver.visitRulesFor(attributes.user(), attributes.namespace(), (source, subject, rule, error) -> {
            if (rule != null && rule.allows(attributes)) {
                allowedBy[0] = "RBAC: allowed by " + source.describe(subject);
                return false;
            }
            if (error != null) {
                errors.add(error);
            }
            return true;
        });
        if (allowedBy[0] != null) {
            return new Decision.Allow(allowedBy[0]);
        }
        return new Decision.NoOpinion(errors.isEmpty() ? "" : "RBAC: " + GoFormat.aggregate(errors));
    }

    /**
     * The line upstream logs when no rule allows: "RBAC DENY: ..." at V(2) up to 1.9, at V(5) from
     * 1.10 (PR #57177), reworded "RBAC: no rules authorize ..." from 1.19 (PR #89608).
     */
    @Override
    public Optional<KlogLine> logLine(Attributes a, Decision decision) {
        if (decision.allowed()) {
            return Optional.empty();
        }
        String operation;
        if (a.resourceRequest()) {
            StringBuilder b = new StringBuilder().append('"').append(a.verb()).append("\" resource \"").append(a.resource());
            if (!a.apiGroup().isEmpty()) {
                b.append('.').append(a.apiGroup());
            }
            if (!a.subresource().isEmpty()) {
                b.append('/').append(a.subresource());
            }
            b.append('"');
            if (!a.name().isEmpty()) {
                b.append(" named \"").append(a.name()).append('"');
            }
            operation = b.toString();
        } else {
            operation = GoFormat.quote(a.verb()) + " nonResourceURL " + GoFormat.quote(a.path());
        }
        String scope = a.namespace().isEmpty() ? "cluster-wide" : "in namespace " + GoFormat.quote(a.namespace());
        String user = GoFormat.quote(a.user().name());
        String groups = GoFormat.quote(a.user().groups());
        if (version.atLeast(1, 19)) {
            return Optional.of(new KlogLine(5, "rbac.go",
                    "RBAC: no rules authorize user " + user + " with groups " + groups + " to " + operation + " " + scope));
        }
        return Optional.of(new KlogLine(version.atLeast(1, 10) ? 5 : 2, "rbac.go",
                "RBAC DENY: user " + user + " groups " + groups + " cannot " + operation + " " + scope));
    }
}
