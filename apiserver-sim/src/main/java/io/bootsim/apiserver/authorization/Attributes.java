package io.bootsim.apiserver.authorization;

import io.bootsim.apiserver.authentication.UserInfo;

/**
 * What an authorizer is asked about (k8s.io/apiserver pkg/authorization/authorizer.Attributes).
 * Resource requests carry namespace, group, version, resource, subresource and name; non-resource
 * requests carry the path. Empty strings, never null.
 */
public record Attributes(UserInfo user, String verb, boolean resourceRequest, String path,
                         String namespace, String apiGroup, String apiVersion,
                         String resource, String subresource, String name) {

    public Attributes {
        path = nz(path);
        namespace = nz(namespace);
        apiGroup = nz(apiGroup);
        apiVersion = nz(apiVersion);
        resource = nz(resource);
        subresource = nz(subresource);
        name = nz(name);
    }

    public static Attributes resource(UserInfo user, String verb, String namespace, String apiGroup,
                                      String resource, String subresource, String name) {
        return new Attributes(user, verb, true, "", namespace, apiGroup, "", resource, subresource, name);
    }

    public static Attributes nonResource(UserInfo user, String verb, String path) {
        return new Attributes(user, verb, false, path, "", "", "", "", "", "");
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
