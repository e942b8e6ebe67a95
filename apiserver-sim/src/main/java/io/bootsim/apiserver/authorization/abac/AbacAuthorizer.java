package io.bootsim.apiserver.authorization.abac;

import io.bootsim.apiserver.authorization.Attributes;
import io.bootsim.apiserver.authorization.Authorizer;
import io.bootsim.apiserver.authorization.Decision;

import java.util.List;

/**
 * Mode ABAC (upstream: pkg/auth/authorizer/abac/abac.go PolicyList): the first matching policy
 * line allows, with no reason (the trace names the line); none matching is NoOpinion
 * "No policy matched.".
 */
public final class AbacAuthorizer implements Authorizer {

    public static final String NO_MATCH = "No policy matched.";

    private final String fileName;
    private final List<Policy> policies;

    /** The policy lines, for SelfSubjectRulesReview. */
    public List<Policy> policies() {
        return policies;
    }

    public AbacAuthorizer(String fileName, List<Policy> policies) {
        this.fileName = fileName;
        this.policies = List.copyOf(policies);
    }

    @Override
    public String name() {
        return "ABAC";
    }

    @Override
    public Decision authorize(Attributes attributes) {
        for (Policy p : policies) {
            if (p.matches(attributes)) {
                return new Decision.Allow("", "allowed by " + fileName + " line " + p.line());
            }
        }
        return new Decision.NoOpinion(NO_MATCH);
    }
}
