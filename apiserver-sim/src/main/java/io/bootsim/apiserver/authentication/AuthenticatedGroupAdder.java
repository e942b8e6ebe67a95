package io.bootsim.apiserver.authentication;

import java.util.ArrayList;
import java.util.List;

/**
 * Appends {@code system:authenticated} to every authenticated user, at the end of the groups,
 * unless the user is anonymous or already names system:authenticated or system:unauthenticated.
 */
// upstream: staging/src/k8s.io/apiserver/pkg/authentication/group/authenticated_group_adder.go
public final class AuthenticatedGroupAdder {

    private AuthenticatedGroupAdder() {
    }

    public static UserInfo add(UserInfo user) {
        if (user.name().equals(UserInfo.ANONYMOUS)
                || user.inGroup(UserInfo.AUTHENTICATED_GROUP)
                || user.inGroup(UserInfo.UNAUTHENTICATED_GROUP)) {
            return user;
        }
        List<String> groups = new ArrayList<>(user.groups());
        groups.add(UserInfo.AUTHENTICATED_GROUP);
        return user.withGroups(groups);
    }
}
