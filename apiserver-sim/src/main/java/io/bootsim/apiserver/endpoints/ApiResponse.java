package io.bootsim.apiserver.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import io.bootsim.core.api.Json;
import io.bootsim.core.api.Status;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;

/**
 * How kube-apiserver answers: JSON with a trailing newline, never cacheable (the machine's kubectl
 * dispatcher caches /version otherwise), Status bodies for errors
 * (k8s.io/apiserver pkg/endpoints/handlers/responsewriters/writers.go).
 */
public final class ApiResponse {

    public static final String JSON = "application/json";

    private ApiResponse() {
    }

    public static void json(Context ctx, int code, JsonNode body) {
        bytes(ctx, code, JSON, (Json.write(body) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public static void status(Context ctx, Status status) {
        ctx.header("X-Content-Type-Options", "nosniff");
        bytes(ctx, status.code(), JSON, status.toJson().getBytes(StandardCharsets.UTF_8));
    }

    public static void text(Context ctx, int code, String contentType, String body) {
        bytes(ctx, code, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public static void bytes(Context ctx, int code, String contentType, byte[] body) {
        ctx.status(code);
        ctx.header("Cache-Control", "no-cache, private");
        ctx.contentType(contentType);
        ctx.result(body);
    }
}
