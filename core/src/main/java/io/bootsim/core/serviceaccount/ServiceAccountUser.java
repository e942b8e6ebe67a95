package io.bootsim.core.serviceaccount;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A service account as a user: {@code system:serviceaccount:<namespace>:<name>}, in the groups
 * {@code system:serviceaccounts} and {@code system:serviceaccounts:<namespace>}.
 */
// upstream: staging/src/k8s.io/apiserver/pkg/authentication/serviceaccount/util.go
public record ServiceAccountUser(String namespace, String name) {

    public static final String PREFIX = "system:serviceaccount:";
    public static final String ALL_GROUP = "system:serviceaccounts";

    // namespaces are DNS-1123 labels, service account names DNS-1123 subdomains
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    /** The service account a user name names, or empty when it is not of the form above (SplitUsername). */
    public static Optional<ServiceAccountUser> parse(String username) {
        if (!username.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] parts = username.substring(PREFIX.length()).split(":", -1);
        if (parts.length != 2 || parts[0].length() > 63 || !LABEL.matcher(parts[0]).matches()
                || parts[1].length() > 253 || !SUBDOMAIN.matcher(parts[1]).matches()) {
            return Optional.empty();
        }
        return Optional.of(new ServiceAccountUser(parts[0], parts[1]));
    }

    /** The user name (MakeUsername). */
    public String username() {
        return PREFIX + namespace + ":" + name;
    }

    /** The groups every service account of the namespace is in (MakeGroupNames). */
    public List<String> groups() {
        return List.of(ALL_GROUP, ALL_GROUP + ":" + namespace);
    }
}
