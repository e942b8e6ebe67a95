package io.bootsim.kubelet.server;

import io.bootsim.core.version.KubeVersion;

import java.util.ArrayList;
import java.util.List;

/**
 * What a request to the kubelet API asks for, as the kubelet authorizes it: the HTTP method as an
 * API verb on the node object, with the subresource its path belongs to ({@code stats}, {@code metrics},
 * {@code log}, everything else {@code proxy}). Since 1.32 a request may carry several subresources,
 * tried in order until one is allowed; 1.33 turns on KubeletFineGrainedAuthz, which tries
 * {@code healthz}, {@code pods} and {@code configz} before falling back to {@code proxy}.
 */
// upstream: pkg/kubelet/server/auth.go GetRequestAttributes, pkg/kubelet/server/server.go InstallAuthFilter
public record NodeRequestAttributes(UserInfo user, String verb, String node, List<String> subresources) {

    public NodeRequestAttributes {
        subresources = List.copyOf(subresources);
    }

    public static NodeRequestAttributes of(UserInfo user, String method, String path, String node, KubeVersion version) {
        String verb = switch (method) {
            case "POST" -> "create";
            case "GET" -> "get";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> "delete";
            default -> "";
        };
        List<String> subresources = new ArrayList<>(2);
        if (version.atLeast(1, 33)) { // KubeletFineGrainedAuthz: alpha in 1.32, beta and on in 1.33
            if (isSubpath(path, "/pods") || isSubpath(path, "/runningpods/")) {
                subresources.add("pods");
            } else if (isSubpath(path, "/healthz")) {
                subresources.add("healthz");
            } else if (isSubpath(path, "/configz")) {
                subresources.add("configz");
            } else if (isSubpath(path, "/statusz")) {
                subresources.add("statusz");
            }
        }
        if (isSubpath(path, "/stats/")) {
            subresources.add("stats");
        } else if (isSubpath(path, "/metrics")) {
            subresources.add("metrics");
        } else if (isSubpath(path, "/logs/")) {
            subresources.add("log"); // as pods/log
        } else if (version.atLeast(1, 32) && isSubpath(path, "/checkpoint/")) {
            subresources.add("checkpoint");
        } else {
            subresources.add("proxy");
        }
        return new NodeRequestAttributes(user, verb, node, subresources);
    }

    /** The 403 body: one subresource before 1.32, the list tried (Go's %v of a slice) since. */
    public String forbidden(KubeVersion version) {
        if (version.atLeast(1, 32)) {
            return "Forbidden (user=" + user.name() + ", verb=" + verb + ", resource=nodes, subresource(s)=["
                    + String.join(" ", subresources) + "])\n";
        }
        return "Forbidden (user=" + user.name() + ", verb=" + verb + ", resource=nodes, subresource="
                + subresources.get(0) + ")";
    }

    private static boolean isSubpath(String subpath, String path) {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return subpath.equals(p) || (subpath.startsWith(p) && subpath.length() > p.length() && subpath.charAt(p.length()) == '/');
    }
}
