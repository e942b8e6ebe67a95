package io.bootsim.apiserver.authorization.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.authorization.Attributes;
import io.bootsim.core.api.GoFormat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * rbac/v1 PolicyRule. Matching follows upstream's evaluation helpers exactly (all comparisons
 * case-sensitive; {@code *} resources cover subresources; {@code * /sub} covers any resource's
 * {@code sub}; resourceNames never match a nameless request; a trailing {@code *} in a non-resource
 * URL is a prefix). Upstream: pkg/apis/rbac/v1/evaluation_helpers.go, plugin/pkg/auth/authorizer/rbac/rbac.go RuleAllows.
 */
public record PolicyRule(List<String> verbs, List<String> apiGroups, List<String> resources,
                         List<String> resourceNames, List<String> nonResourceURLs) {

    public static final String ALL = "*";

    public PolicyRule {
        verbs = List.copyOf(verbs);
        apiGroups = List.copyOf(apiGroups);
        resources = List.copyOf(resources);
        resourceNames = List.copyOf(resourceNames);
        nonResourceURLs = List.copyOf(nonResourceURLs);
    }

    /**
     * Starts a rule the way upstream's bootstrap policy writes them ({@code rbacv1helpers.NewRule});
     * like upstream's builder, every list is sorted.
     */
    public static PolicyRule verbs(String... verbs) {
        return new PolicyRule(sorted(verbs), List.of(), List.of(), List.of(), List.of());
    }

    public PolicyRule groups(String... groups) {
        return new PolicyRule(verbs, sorted(groups), resources, resourceNames, nonResourceURLs);
    }

    public PolicyRule resources(String... resources) {
        return new PolicyRule(verbs, apiGroups, sorted(resources), resourceNames, nonResourceURLs);
    }

    public PolicyRule names(String... names) {
        return new PolicyRule(verbs, apiGroups, resources, sorted(names), nonResourceURLs);
    }

    public PolicyRule urls(String... urls) {
        return new PolicyRule(verbs, apiGroups, resources, resourceNames, sorted(urls));
    }

    /** RuleAllows: whether this rule grants the request. */
    public boolean allows(Attributes a) {
        if (a.resourceRequest()) {
            String combined = a.subresource().isEmpty() ? a.resource() : a.resource() + "/" + a.subresource();
            return verbMatches(a.verb()) && apiGroupMatches(a.apiGroup())
                    && resourceMatches(combined, a.subresource()) && resourceNameMatches(a.name());
        }
        return verbMatches(a.verb()) && nonResourceURLMatches(a.path());
    }

    public boolean verbMatches(String verb) {
        return verbs.contains(ALL) || verbs.contains(verb);
    }

    public boolean apiGroupMatches(String group) {
        return apiGroups.contains(ALL) || apiGroups.contains(group);
    }

    public boolean resourceMatches(String combinedResource, String subresource) {
        for (String r : resources) {
            if (r.equals(ALL) || r.equals(combinedResource)) {
                return true;
            }
            if (!subresource.isEmpty() && r.length() == subresource.length() + 2
                    && r.startsWith("*/") && r.endsWith(subresource)) {
                return true;
            }
        }
        return false;
    }

    public boolean resourceNameMatches(String name) {
        return resourceNames.isEmpty() || resourceNames.contains(name);
    }

    public boolean nonResourceURLMatches(String path) {
        for (String url : nonResourceURLs) {
            if (url.equals(ALL) || url.equals(path)) {
                return true;
            }
            if (url.endsWith("*") && path.startsWith(stripTrailingStars(url))) {
                return true;
            }
        }
        return false;
    }

    /** CompactString: the form escalation errors print, e.g. {@code {APIGroups:["g"], Resources:["r"], Verbs:["get"]}}. */
    public String compactString() {
        List<String> parts = new ArrayList<>(5);
        if (!apiGroups.isEmpty()) {
            parts.add("APIGroups:" + GoFormat.quote(apiGroups));
        }
        if (!resources.isEmpty()) {
            parts.add("Resources:" + GoFormat.quote(resources));
        }
        if (!nonResourceURLs.isEmpty()) {
            parts.add("NonResourceURLs:" + GoFormat.quote(nonResourceURLs));
        }
        if (!resourceNames.isEmpty()) {
            parts.add("ResourceNames:" + GoFormat.quote(resourceNames));
        }
        if (!verbs.isEmpty()) {
            parts.add("Verbs:" + GoFormat.quote(verbs));
        }
        return "{" + String.join(", ", parts) + "}";
    }

    public static PolicyRule fromJson(JsonNode node, String path) {
        return new PolicyRule(JsonFields.strings(node, "verbs", path), JsonFields.strings(node, "apiGroups", path),
                JsonFields.strings(node, "resources", path), JsonFields.strings(node, "resourceNames", path),
                JsonFields.strings(node, "nonResourceURLs", path));
    }

    public ObjectNode toJson() {
        ObjectNode node = JsonFields.newObject();
        JsonFields.putStrings(node, "verbs", verbs);
        JsonFields.putStrings(node, "apiGroups", apiGroups);
        JsonFields.putStrings(node, "resources", resources);
        JsonFields.putStrings(node, "resourceNames", resourceNames);
        JsonFields.putStrings(node, "nonResourceURLs", nonResourceURLs);
        return node;
    }

    static String stripTrailingStars(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '*') {
            end--;
        }
        return s.substring(0, end);
    }

    private static List<String> sorted(String... values) {
        String[] copy = values.clone();
        Arrays.sort(copy);
        return List.of(copy);
    }
}
