package io.bootsim.apiserver.authentication;

import io.bootsim.core.api.GoFormat;

import io.bootsim.apiserver.authorization.Attributes;
import io.bootsim.apiserver.authorization.Authorizer;
import io.bootsim.apiserver.authorization.Decision;
import io.bootsim.core.version.KubeVersion;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The impersonation filter: {@code Impersonate-User}, {@code Impersonate-Group} (repeatable),
 * {@code Impersonate-Uid} (1.22+) and {@code Impersonate-Extra-<key>} switch the request's user, after
 * each requested item is authorized for the original user with verb {@code impersonate}. Groups,
 * extras or a UID without a user are a 500; any item not allowed is a 403.
 */
// upstream: staging/src/k8s.io/apiserver/pkg/endpoints/filters/impersonation.go
public final class Impersonation {

    public static final String USER_HEADER = "Impersonate-User";
    public static final String GROUP_HEADER = "Impersonate-Group";
    public static final String UID_HEADER = "Impersonate-Uid";
    public static final String EXTRA_HEADER_PREFIX = "Impersonate-Extra-";

    private static final String SA_PREFIX = "system:serviceaccount:";
    private static final String AUTHENTICATION_GROUP = "authentication.k8s.io";
    private static final String AUTHENTICATION_V1 = AUTHENTICATION_GROUP + "/v1";
    private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS1123_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    /** The filter's outcome. */
    public sealed interface Result {
    }

    /** No impersonation headers: the request keeps its user. */
    public record NotRequested() implements Result {
    }

    /** The request continues as {@code user}; the impersonation headers are to be removed. */
    public record Impersonated(UserInfo user, UserInfo requester) implements Result {
    }

    /**
     * 403: the requester may not impersonate what {@code denied} names. The body is the standard
     * Forbidden Status for these attributes and reason (the same builder as authorization's 403).
     */
    public record Forbidden(Attributes denied, String reason) implements Result {
    }

    /** 500, a plain-text body (responsewriters.InternalError), e.g. groups without a user. */
    public record InternalError(String error) implements Result {
        public static final String CONTENT_TYPE = "text/plain; charset=utf-8";

        /** {@code Internal Server Error: "<uri>": <error>}, HTML-sanitized, with Go's trailing newline. */
        public String body(String requestUri) {
            String text = "Internal Server Error: " + GoFormat.quote(requestUri) + ": " + error;
            return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "\n";
        }
    }

    // One thing to impersonate, as upstream's ObjectReference (printed with %v in the 500 message).
    private record Request(String kind, String namespace, String name, String apiVersion, String fieldPath) {
        @Override
        public String toString() {
            return "{" + String.join(" ", kind, namespace, name, "", apiVersion, "", fieldPath) + "}";
        }
    }

    private final Authorizer authorizer;
    private final KubeVersion version;

    public Impersonation(Authorizer authorizer, KubeVersion version) {
        this.authorizer = authorizer;
        this.version = version;
    }

    /** True for the headers this filter consumes, which are stripped after a successful switch. */
    public static boolean isImpersonationHeader(String name) {
        String canonical = canonicalHeaderKey(name);
        return canonical.equals(USER_HEADER) || canonical.equals(GROUP_HEADER) || canonical.equals(UID_HEADER)
                || canonical.startsWith(EXTRA_HEADER_PREFIX);
    }

    /** @param headers request headers in arrival order; names in any case */
    public Result impersonate(UserInfo requester, Map<String, List<String>> headers) {
        Map<String, List<String>> canonical = new LinkedHashMap<>();
        headers.forEach((k, v) -> canonical.computeIfAbsent(canonicalHeaderKey(k), x -> new ArrayList<>()).addAll(v));

        List<Request> requests = new ArrayList<>();
        String requestedUser = first(canonical, USER_HEADER);
        boolean hasUser = !requestedUser.isEmpty();
        if (hasUser) {
            requests.add(serviceAccount(requestedUser));
        }
        List<String> requestedGroups = canonical.getOrDefault(GROUP_HEADER, List.of());
        for (String group : requestedGroups) {
            requests.add(new Request("Group", "", group, "", ""));
        }
        boolean hasExtra = false;
        for (Map.Entry<String, List<String>> h : canonical.entrySet()) {
            if (!h.getKey().startsWith(EXTRA_HEADER_PREFIX)) {
                continue;
            }
            hasExtra = true;
            String key = h.getKey().substring(EXTRA_HEADER_PREFIX.length()).toLowerCase(Locale.ROOT);
            if (version.atLeast(1, 12)) { // PR 65799: keys may be %-encoded
                key = pathUnescape(key);
            }
            for (String value : h.getValue()) {
                requests.add(new Request("UserExtra", "", value, AUTHENTICATION_V1, key));
            }
        }
        String requestedUid = version.atLeast(1, 22) ? first(canonical, UID_HEADER) : "";
        boolean hasUid = !requestedUid.isEmpty();
        if (hasUid) {
            requests.add(new Request("UID", "", requestedUid, AUTHENTICATION_V1, ""));
        }
        if ((!requestedGroups.isEmpty() || hasExtra || hasUid) && !hasUser) {
            List<String> printed = requests.stream().map(Request::toString).toList();
            return new InternalError("requested [" + String.join(" ", printed) + "] without impersonating a user");
        }
        if (requests.isEmpty()) {
            return new NotRequested();
        }

        boolean groupsSpecified = !requestedGroups.isEmpty();
        String username = "";
        String uid = "";
        List<String> groups = new ArrayList<>();
        Map<String, List<String>> extra = new LinkedHashMap<>();
        for (Request r : requests) {
            String resource;
            String subresource = "";
            String group = r.apiVersion().isEmpty() ? "" : AUTHENTICATION_GROUP;
            switch (r.kind()) {
                case "ServiceAccount" -> {
                    resource = "serviceaccounts";
                    username = SA_PREFIX + r.namespace() + ":" + r.name();
                    if (!groupsSpecified) {
                        groups = new ArrayList<>(List.of("system:serviceaccounts", "system:serviceaccounts:" + r.namespace()));
                    }
                }
                case "User" -> {
                    resource = "users";
                    username = r.name();
                }
                case "Group" -> {
                    resource = "groups";
                    groups.add(r.name());
                }
                case "UserExtra" -> {
                    resource = "userextras";
                    subresource = r.fieldPath();
                    extra.computeIfAbsent(r.fieldPath(), k -> new ArrayList<>()).add(r.name());
                }
                default -> {
                    resource = "uids";
                    uid = r.name();
                }
            }
            Attributes attributes = new Attributes(requester, "impersonate", true, "", r.namespace(), group,
                    group.isEmpty() ? "" : "v1", resource, subresource, r.name());
            Decision decision = authorizer.authorize(attributes);
            boolean failed = decision instanceof Decision.NoOpinion n && n.error() != null;
            if (!decision.allowed() || failed) {
                return new Forbidden(attributes, decision.reason());
            }
        }
        return new Impersonated(new UserInfo(username, uid, withImplicitGroup(username, groups, groupsSpecified), extra),
                requester);
    }

    /**
     * Since 1.20 (PR 94204; backported to late 1.17-1.19 patches) system:authenticated is added even
     * when groups were requested, and system:anonymous gets system:unauthenticated; before, only a
     * non-anonymous user without requested groups got system:authenticated.
     */
    private List<String> withImplicitGroup(String username, List<String> groups, boolean groupsSpecified) {
        List<String> result = new ArrayList<>(groups);
        boolean anonymous = username.equals(UserInfo.ANONYMOUS);
        if (version.atLeast(1, 20)) {
            if (!anonymous && !result.contains(UserInfo.AUTHENTICATED_GROUP) && !result.contains(UserInfo.UNAUTHENTICATED_GROUP)) {
                result.add(UserInfo.AUTHENTICATED_GROUP);
            } else if (anonymous && !result.contains(UserInfo.UNAUTHENTICATED_GROUP)) {
                result.add(UserInfo.UNAUTHENTICATED_GROUP);
            }
        } else if (!groupsSpecified && !anonymous
                && !result.contains(UserInfo.AUTHENTICATED_GROUP) && !result.contains(UserInfo.UNAUTHENTICATED_GROUP)) {
            result.add(UserInfo.AUTHENTICATED_GROUP);
        }
        return result;
    }

    /** A service account user name with a valid namespace and name, else a plain user. */
    private static Request serviceAccount(String user) {
        if (user.startsWith(SA_PREFIX)) {
            String[] parts = user.substring(SA_PREFIX.length()).split(":", -1);
            if (parts.length == 2
                    && parts[0].length() <= 63 && DNS1123_LABEL.matcher(parts[0]).matches()
                    && parts[1].length() <= 253 && DNS1123_SUBDOMAIN.matcher(parts[1]).matches()) {
                return new Request("ServiceAccount", parts[0], parts[1], "", "");
            }
        }
        return new Request("User", "", user, "", "");
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.getOrDefault(name, List.of());
        return values.isEmpty() ? "" : values.get(0);
    }

    /** Go's textproto.CanonicalMIMEHeaderKey for ordinary header names: "impersonate-extra-foo" -> "Impersonate-Extra-Foo". */
    static String canonicalHeaderKey(String name) {
        StringBuilder b = new StringBuilder(name.length());
        boolean upper = true;
        for (char c : name.toCharArray()) {
            if (c == ' ' || c > 0x7e) {
                return name; // Go leaves names with invalid characters unchanged
            }
            b.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return b.toString();
    }

    /** Go's url.PathUnescape; a malformed escape keeps the key as sent. */
    private static String pathUnescape(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%') {
                if (i + 2 >= bytes.length || Character.digit(bytes[i + 1], 16) < 0 || Character.digit(bytes[i + 2], 16) < 0) {
                    return s;
                }
                out.write(Character.digit(bytes[i + 1], 16) * 16 + Character.digit(bytes[i + 2], 16));
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
