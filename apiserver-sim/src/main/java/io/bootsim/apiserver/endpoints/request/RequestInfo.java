package io.bootsim.apiserver.endpoints.request;

import java.util.List;

/**
 * What a request addresses, as upstream's RequestInfoFactory reads it from method, path and query
 * (k8s.io/apiserver pkg/endpoints/request/requestinfo.go). Empty strings, never null.
 */
public record RequestInfo(boolean resourceRequest, String path, String verb, String apiPrefix,
                          String apiGroup, String apiVersion, String namespace, String resource,
                          String subresource, String name, List<String> parts) {

    public static RequestInfo nonResource(String path, String verb) {
        return new RequestInfo(false, path, verb, "", "", "", "", "", "", "", List.of());
    }
}
