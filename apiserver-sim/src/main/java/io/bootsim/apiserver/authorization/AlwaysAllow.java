package io.bootsim.apiserver.authorization;

/** Mode AlwaysAllow: everything is allowed, with no reason (upstream: authorizerfactory/builtin.go). */
public final class AlwaysAllow implements Authorizer {

    @Override
    public Decision authorize(Attributes attributes) {
        return new Decision.Allow("");
    }

    @Override
    public String name() {
        return "AlwaysAllow";
    }
}
