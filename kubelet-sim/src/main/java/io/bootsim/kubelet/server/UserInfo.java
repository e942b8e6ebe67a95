package io.bootsim.kubelet.server;

import java.util.List;

/** Who a request to the kubelet API is from, as its authenticator found it. */
public record UserInfo(String name, String uid, List<String> groups) {

    public static final UserInfo ANONYMOUS = new UserInfo("system:anonymous", "", List.of("system:unauthenticated"));

    public UserInfo {
        groups = List.copyOf(groups);
    }

    /** group.AuthenticatedGroupAdder: every authenticated user is in system:authenticated. */
    UserInfo authenticated() {
        if (groups.contains("system:authenticated")) {
            return this;
        }
        List<String> all = new java.util.ArrayList<>(groups);
        all.add("system:authenticated");
        return new UserInfo(name, uid, all);
    }
}
