package io.bootsim.apiserver.endpoints;

import io.bootsim.apiserver.endpoints.discovery.Discovery;
import io.bootsim.apiserver.endpoints.discovery.DiscoveryResponse;
import io.bootsim.apiserver.endpoints.openapi.OpenApi;
import io.bootsim.apiserver.endpoints.openapi.OpenApiDocument;
import io.bootsim.core.version.KubeVersion;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * The paths that are not API objects: health checks, /version, discovery and OpenAPI. Anything
 * else gets Go's plain 404 (k8s.io/apiserver pkg/server/mux/pathrecorder.go).
 */
public final class NonResourceEndpoints {

    private static final String TEXT = "text/plain; charset=utf-8";
    private static final Set<String> HEALTH = Set.of("/healthz", "/livez", "/readyz");

    private final KubeVersion version;
    private final Discovery discovery;
    private final OpenApi openApi;

    public NonResourceEndpoints(KubeVersion version, Discovery discovery, OpenApi openApi) {
        this.version = version;
        this.discovery = discovery;
        this.openApi = openApi;
    }

    public void serve(ApiRequest request) {
        String path = trimSlash(request.http().path());
        String accept = request.header("Accept");
        if (HEALTH.contains(path) && (!path.equals("/livez") && !path.equals("/readyz") || version.atLeast(1, 16))) {
            health(request, path);
            return;
        }
        if (path.startsWith("/healthz/") || path.startsWith("/livez/") || path.startsWith("/readyz/")) {
            // individual checks: /healthz/ping, /readyz/etcd, ...
            ApiResponse.text(request.http(), 200, TEXT, "ok");
            return;
        }
        if (path.equals("/version")) {
            ApiResponse.json(request.http(), 200, VersionInfo.of(version));
            return;
        }
        Optional<DiscoveryResponse> d = discovery.serve(path, accept);
        if (d.isPresent()) {
            ApiResponse.serialized(request.http(), 200, d.get().contentType(),
                    (d.get().body() + "\n").getBytes(StandardCharsets.UTF_8));
            return;
        }
        Optional<OpenApiDocument> doc = openApi.serve(path, accept);
        if (doc.isPresent()) {
            if (!doc.get().etag().isEmpty()) {
                request.http().header("ETag", doc.get().etag());
            }
            ApiResponse.bytes(request.http(), 200, doc.get().contentType(), doc.get().body());
            return;
        }
        ApiResponse.text(request.http(), 404, TEXT, "404 page not found\n");
    }

    // upstream: k8s.io/apiserver pkg/server/healthz/healthz.go handleRootHealth
    private void health(ApiRequest request, String path) {
        if (request.query().containsKey("verbose")) {
            String name = path.substring(1);
            String checks = "[+]ping ok\n[+]log ok\n[+]etcd ok\n";
            ApiResponse.text(request.http(), 200, TEXT, checks + name + " check passed\n");
        } else {
            ApiResponse.text(request.http(), 200, TEXT, "ok");
        }
    }

    private static String trimSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
