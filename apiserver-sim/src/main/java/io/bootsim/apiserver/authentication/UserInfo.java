package io.bootsim.apiserver.authentication;

import java.util.List;
import java.util.Map;

/** Who made a request, as authentication decided (k8s.io/apiserver pkg/authentication/user). */
public record UserInfo(String name, String uid, List<String> groups, Map<String, List<String>> extra) {

    public static final String ANONYMOUS = "system:anonymous";
    public static final String AUTHENTICATED_GROUP = "system:authenticated";
    public static final String UNAUTHENTICATED_GROUP = "system:unauthenticated";
    public static final String MASTERS_GROUP = "system:masters";

    public UserInfo {
        uid = uid == null ? "" : uid;
        groups = List.copyOf(groups);
        extra = Map.copyOf(extra);
    }

    public static UserInfo of(String name, String... groups) {
        return new UserInfo(name, "", List.of(groups), Map.of());
    }

    public boolean inGroup(String group) {
        return groups.contains(group);
    }
}
