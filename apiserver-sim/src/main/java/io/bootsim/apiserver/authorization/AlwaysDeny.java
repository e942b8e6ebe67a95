package io.bootsim.apiserver.authorization;

/**
 * Mode AlwaysDeny. Despite the name it answers NoOpinion, not Deny, so a later mode can still
 * allow (upstream: staging/src/k8s.io/apiserver/pkg/authorization/authorizerfactory/builtin.go).
 */
public final class AlwaysDeny implements Authorizer {

    public static final String REASON = "Everything is forbidden.";

    @Override
    public Decision authorize(Attributes attributes) {
        return new Decision.NoOpinion(REASON);
    }

    @Override
    public String name() {
        return "AlwaysDeny";
    }
}
