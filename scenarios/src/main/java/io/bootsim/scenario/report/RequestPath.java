package io.bootsim.scenario.report;

import java.util.Optional;

/**
 * A kube-apiserver URL path read as request-info reads it (upstream's
 * apiserver/pkg/endpoints/request/requestinfo.go): {@code /api/v1} or {@code /apis/GROUP/VERSION},
 * then an optional {@code namespaces/NS}, the resource, its name and subresource. Anything else
 * (discovery, /version, /openapi) is a non-resource path.
 */
public record RequestPath(String path, String query, Optional<String> namespace, String resource, String name,
                          String subresource) {

    public static RequestPath parse(String full) {
        int q = full.indexOf('?');
        String path = q < 0 ? full : full.substring(0, q);
        String query = q < 0 ? "" : full.substring(q + 1);
        String[] parts = path.replaceAll("^/+", "").split("/");
        int i;
        if (parts.length > 2 && parts[0].equals("api")) {
            i = 2;
        } else if (parts.length > 3 && parts[0].equals("apis")) {
            i = 3;
        } else {
            return new RequestPath(path, query, Optional.empty(), "", "", "");
        }
        Optional<String> namespace = Optional.empty();
        if (parts.length > i + 2 && parts[i].equals("namespaces")) {
            namespace = Optional.of(parts[i + 1]);
            i += 2;
        }
        String resource = parts[i];
        String name = parts.length > i + 1 ? parts[i + 1] : "";
        String sub = parts.length > i + 2 ? parts[i + 2] : "";
        return new RequestPath(path, query, namespace, resource, name, sub);
    }

    public boolean isResource() {
        return !resource.isEmpty();
    }

    public boolean isWatch() {
        return ("&" + query + "&").contains("&watch=true&") || ("&" + query + "&").contains("&watch=1&");
    }

    /** {@code certificatesigningrequests/csr-x/approval}, {@code kube-node-lease/leases/node-0}, or the path. */
    public String shortForm() {
        if (!isResource()) {
            return path;
        }
        StringBuilder sb = new StringBuilder();
        namespace.ifPresent(ns -> sb.append(ns).append('/'));
        sb.append(resource);
        if (!name.isEmpty()) {
            sb.append('/').append(name);
        }
        if (!subresource.isEmpty()) {
            sb.append('/').append(subresource);
        }
        return sb.toString();
    }
}
