package io.bootsim.core.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One API request: verb, path with its query, extra headers, body. Authorization, Host,
 * User-Agent and Accept are added by the client from its identity and configuration.
 *
 * @param headers extra headers in order; a name may repeat (Impersonate-Group)
 */
public record HttpRequest(String method, String path, List<Map.Entry<String, String>> headers, byte[] body,
                          String contentType) {

    public HttpRequest {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with /: " + path);
        }
        headers = List.copyOf(headers);
        body = body == null ? new byte[0] : body;
        contentType = contentType == null ? "" : contentType;
    }

    public static HttpRequest get(String path) {
        return new HttpRequest("GET", path, List.of(), null, null);
    }

    public static HttpRequest delete(String path) {
        return new HttpRequest("DELETE", path, List.of(), null, null);
    }

    public static HttpRequest post(String path, ObjectNode body) {
        return withJson("POST", path, body);
    }

    public static HttpRequest put(String path, ObjectNode body) {
        return withJson("PUT", path, body);
    }

    /** A JSON body written as Go writes it. */
    public static HttpRequest withJson(String method, String path, ObjectNode body) {
        return new HttpRequest(method, path, List.of(), Json.write(body).getBytes(StandardCharsets.UTF_8),
                "application/json");
    }

    /** Raw bytes, e.g. a merge patch with {@code application/merge-patch+json}. */
    public static HttpRequest raw(String method, String path, byte[] body, String contentType) {
        return new HttpRequest(method, path, List.of(), body, contentType);
    }

    public HttpRequest withHeader(String name, String value) {
        List<Map.Entry<String, String>> more = new ArrayList<>(headers);
        more.add(Map.entry(name, value));
        return new HttpRequest(method, path, more, body, contentType);
    }

    /** The path without its query, as the trace shows it next to the query. */
    public String pathOnly() {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }
}
