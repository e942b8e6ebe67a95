package io.bootsim.apiserver.authorization;

import io.bootsim.apiserver.authentication.UserInfo;

import java.util.List;

/**
 * The superuser authorizer always placed first in the chain: members of {@code system:masters}
 * are allowed everything whatever the modes, with no reason. Up to 1.25 the generic apiserver
 * prepended it; since 1.26 kube-apiserver's authorizer builder does (upstream:
 * staging/src/k8s.io/apiserver/pkg/authorization/authorizerfactory/builtin.go, privilegedGroupAuthorizer).
 */
public final class PrivilegedGroups implements Authorizer {

    private final List<String> groups;

    public PrivilegedGroups(List<String> groups) {
        this.groups = List.copyOf(groups);
    }

    public static PrivilegedGroups systemMasters() {
        return new PrivilegedGroups(List.of(UserInfo.MASTERS_GROUP));
    }

    @Override
    public Decision authorize(Attributes attributes) {
        for (String group : attributes.user().groups()) {
            if (groups.contains(group)) {
                return new Decision.Allow("", "member of group " + group);
            }
        }
        return new Decision.NoOpinion("");
    }

    @Override
    public boolean implicit() {
        return true;
    }

    @Override
    public String name() {
        return String.join(",", groups);
    }
}
