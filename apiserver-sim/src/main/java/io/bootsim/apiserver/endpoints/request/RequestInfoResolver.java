package io.bootsim.apiserver.endpoints.request;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns method, path and query into a {@link RequestInfo} with upstream's rules: resource requests
 * live under /api/VERSION and /apis/GROUP/VERSION; the verb comes from the method, turned into
 * list, watch or deletecollection when no name is given; legacy /watch/ and /proxy/ prefixes set
 * the verb; a metadata.name field selector names the object of a list or watch
 * (k8s.io/apiserver pkg/endpoints/request/requestinfo.go).
 */
public final class RequestInfoResolver {

    private static final Set<String> API_PREFIXES = Set.of("api", "apis");
    private static final Set<String> GROUPLESS_PREFIXES = Set.of("api");
    private static final Set<String> SPECIAL_VERBS = Set.of("proxy", "watch");
    private static final Set<String> SPECIAL_VERBS_NO_SUBRESOURCES = Set.of("proxy");
    private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

    /**
     * @param query decoded query parameters, each with all its values
     * @throws IllegalArgumentException for a special-verb path without a resource, as upstream
     */
    public RequestInfo resolve(String method, String path, Map<String, List<String>> query) {
        List<String> parts = split(path);
        if (parts.size() < 3 || !API_PREFIXES.contains(parts.get(0))) {
            return RequestInfo.nonResource(path, method.toLowerCase(Locale.ROOT));
        }
        String prefix = parts.get(0);
        List<String> current = parts.subList(1, parts.size());
        String group = "";
        if (!GROUPLESS_PREFIXES.contains(prefix)) {
            group = current.get(0);
            current = current.subList(1, current.size());
        }
        String version = current.get(0);
        current = current.subList(1, current.size());
        if (current.isEmpty()) {
            // /apis/GROUP/VERSION is discovery, not a resource
            return RequestInfo.nonResource(path, method.toLowerCase(Locale.ROOT));
        }

        String verb;
        if (SPECIAL_VERBS.contains(current.get(0))) {
            if (current.size() < 2) {
                throw new IllegalArgumentException("unable to determine kind and namespace from url, " + path);
            }
            verb = current.get(0);
            current = current.subList(1, current.size());
        } else {
            verb = switch (method) {
                case "POST" -> "create";
                case "GET", "HEAD" -> "get";
                case "PUT" -> "update";
                case "PATCH" -> "patch";
                case "DELETE" -> "delete";
                default -> "";
            };
        }

        String namespace = "";
        if (current.get(0).equals("namespaces")) {
            if (current.size() > 1) {
                namespace = current.get(1);
                if (current.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(current.get(2))) {
                    current = current.subList(2, current.size());
                }
            }
        }

        String resource = current.get(0);
        String name = current.size() >= 2 ? current.get(1) : "";
        String subresource = current.size() >= 3 && !SPECIAL_VERBS_NO_SUBRESOURCES.contains(verb) ? current.get(2) : "";

        if (name.isEmpty() && verb.equals("get")) {
            verb = isWatch(query) ? "watch" : "list";
            name = nameFromFieldSelector(query);
        }
        if (name.isEmpty() && verb.equals("delete")) {
            verb = "deletecollection";
        }
        return new RequestInfo(true, path, verb, prefix, group, version, namespace, resource, subresource,
                name, List.copyOf(current));
    }

    private static List<String> split(String path) {
        String trimmed = path;
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? List.of() : new ArrayList<>(Arrays.asList(trimmed.split("/", -1)));
    }

    // A value Go's strconv.ParseBool rejects still counts as a watch unless it is false or 0.
    private static boolean isWatch(Map<String, List<String>> query) {
        List<String> values = query.getOrDefault("watch", List.of());
        if (values.isEmpty()) {
            return false;
        }
        String v = values.get(0);
        return switch (v) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> !v.equalsIgnoreCase("false") && !v.equals("0");
        };
    }

    private static String nameFromFieldSelector(Map<String, List<String>> query) {
        List<String> values = query.getOrDefault("fieldSelector", List.of());
        if (values.isEmpty()) {
            return "";
        }
        String selector = values.get(0);
        if (selector.contains(",")) {
            return "";
        }
        for (String op : new String[] {"==", "="}) {
            String prefix = "metadata.name" + op;
            if (selector.startsWith(prefix)) {
                String name = selector.substring(prefix.length());
                return isValidPathSegmentName(name) ? name : "";
            }
        }
        return "";
    }

    // k8s.io/apimachinery pkg/api/validation/path/name.go IsValidPathSegmentName
    private static boolean isValidPathSegmentName(String name) {
        return !name.isEmpty() && !name.equals(".") && !name.equals("..")
                && !name.contains("/") && !name.contains("%");
    }
}
