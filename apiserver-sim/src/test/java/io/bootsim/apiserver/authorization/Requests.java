package io.bootsim.apiserver.authorization;

import io.bootsim.apiserver.authentication.UserInfo;

import java.util.Arrays;
import java.util.List;

/** Builds users and attributes from the compact forms the vector files use. */
public final class Requests {

    private Requests() {
    }

    /** Space-separated groups; "-" or null for none. */
    public static List<String> groups(String text) {
        return text == null || text.equals("-") ? List.of() : Arrays.asList(text.split(" "));
    }

    public static UserInfo user(String name, String groups) {
        return new UserInfo(name, "", groups(groups), java.util.Map.of());
    }

    /** A non-resource request when {@code resourceOrPath} starts with "/", else a resource request. */
    public static Attributes request(UserInfo user, String verb, String group, String resourceOrPath,
                                     String subresource, String namespace, String name) {
        String r = resourceOrPath == null ? "" : resourceOrPath;
        if (r.startsWith("/")) {
            return Attributes.nonResource(user, verb, r);
        }
        return Attributes.resource(user, verb, namespace, group, r, subresource, name);
    }
}
