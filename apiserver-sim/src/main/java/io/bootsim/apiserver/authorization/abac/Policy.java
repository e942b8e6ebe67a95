package io.bootsim.apiserver.authorization.abac;

import io.bootsim.apiserver.authorization.Attributes;

/**
 * One ABAC policy line after conversion (upstream: pkg/apis/abac/types.go PolicySpec, matching in
 * pkg/auth/authorizer/abac/abac.go). Empty fields match only empty request values, {@code *}
 * matches anything; {@code line} is the file line it came from, for the trace.
 */
public record Policy(int line, String user, String group, boolean readonly, String apiGroup,
                     String resource, String namespace, String nonResourcePath) {

    private static final String ALL = "*";

    public boolean matches(Attributes a) {
        return subjectMatches(a) && verbMatches(a) && (a.resourceRequest() ? resourceMatches(a) : nonResourceMatches(a));
    }

    boolean subjectMatches(Attributes a) {
        boolean matched = false;
        if (!user.isEmpty()) {
            if (!user.equals(a.user().name())) {
                return false;
            }
            matched = true;
        }
        if (!group.isEmpty()) {
            if (!a.user().groups().contains(group)) {
                return false;
            }
            matched = true;
        }
        return matched;
    }

    private boolean verbMatches(Attributes a) {
        return !readonly || isReadOnly(a.verb());
    }

    private boolean resourceMatches(Attributes a) {
        // the subresource is ignored: "pods" also covers pods/status
        return (namespace.equals(ALL) || namespace.equals(a.namespace()))
                && (resource.equals(ALL) || resource.equals(a.resource()))
                && (apiGroup.equals(ALL) || apiGroup.equals(a.apiGroup()));
    }

    private boolean nonResourceMatches(Attributes a) {
        if (nonResourcePath.equals(ALL) || nonResourcePath.equals(a.path())) {
            return true;
        }
        if (nonResourcePath.endsWith("*")) {
            String prefix = nonResourcePath.replaceAll("\\*+$", "");
            return a.path().startsWith(prefix);
        }
        return false;
    }

    static boolean isReadOnly(String verb) {
        return verb.equals("get") || verb.equals("list") || verb.equals("watch");
    }
}
