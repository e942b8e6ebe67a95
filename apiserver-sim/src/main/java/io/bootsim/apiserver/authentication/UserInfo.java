package io.bootsim.apiserver.authentication;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Who made a request, as authentication decided (k8s.io/apiserver pkg/authentication/user). */
public record UserInfo(String name, String uid, List<String> groups, Map<String, List<String>> extra) {

    public static final String ANONYMOUS = "system:anonymous";
    public static final String AUTHENTICATED_GROUP = "system:authenticated";
    public static final String UNAUTHENTICATED_GROUP = "system:unauthenticated";
    public static final String MASTERS_GROUP = "system:masters";

    public UserInfo {
        uid = uid == null ? "" : uid;
        groups = List.copyOf(groups);
        // Sorted, like Go's JSON encoding of map[string][]string, so traces are byte-identical.
        TreeMap<String, List<String>> sorted = new TreeMap<>();
        extra.forEach((k, v) -> sorted.put(k, List.copyOf(v)));
        extra = Collections.unmodifiableMap(sorted);
    }

    public static UserInfo of(String name, String... groups) {
        return new UserInfo(name, "", List.of(groups), Map.of());
    }

    public boolean inGroup(String group) {
        return groups.contains(group);
    }

    public UserInfo withGroups(List<String> newGroups) {
        return new UserInfo(name, uid, newGroups, extra);
    }
}
