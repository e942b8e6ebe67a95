package io.bootsim.scenario.report;

import io.bootsim.core.trace.TraceEvent;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One request as both ends saw it: the client's {@code http.request} (who sent it, the status it
 * got) and what kube-apiserver decided while serving it (authentication, impersonation,
 * authorization, admission, storage, the error response). Either end may be missing: a request
 * that never reached the server, or one from a client that is not traced (a real kubectl).
 */
public record Exchange(Optional<TraceEvent> client, List<TraceEvent> server) {

    public Exchange {
        server = List.copyOf(server);
    }

    /** The component that sent it, or the user the apiserver authenticated when the client is not traced. */
    public String from() {
        return client.map(TraceEvent::component)
                .or(() -> server("authentication").map(a -> String.valueOf(a.field("user"))))
                .orElse("a client");
    }

    public String method() {
        return client.map(c -> String.valueOf(c.field("method"))).orElseGet(() -> request().split(" ", 2)[0]);
    }

    /** The path with its query, as sent. */
    public String path() {
        return client.map(c -> String.valueOf(c.field("path")))
                .orElseGet(() -> request().contains(" ") ? request().split(" ", 2)[1] : "");
    }

    private String request() {
        return server.isEmpty() ? "" : String.valueOf(server.get(0).field("request"));
    }

    /** The status code the client got, else the apiserver's error response code; 0 when neither says. */
    public int code() {
        Optional<Object> code = client.map(c -> c.field("code"))
                .or(() -> server("response").map(r -> r.field("code")));
        if (code.isEmpty() && server("authentication").map(a -> "unauthorized".equals(a.field("result"))).orElse(false)) {
            return 401;
        }
        return code.map(c -> Integer.parseInt(String.valueOf(c))).orElse(0);
    }

    /** The client's error text (Go's wording), if the request failed. */
    public Optional<String> error() {
        return client.map(c -> c.field("error")).map(String::valueOf);
    }

    public Optional<TraceEvent> server(String type) {
        return server.stream().filter(e -> e.type().equals(type)).findFirst();
    }

    public List<TraceEvent> all(String type) {
        return server.stream().filter(e -> e.type().equals(type)).toList();
    }

    public RequestPath target() {
        return RequestPath.parse(path());
    }

    public Instant time() {
        return client.map(TraceEvent::time).orElseGet(() -> server.get(0).time());
    }

    /** Where the exchange sits in the trace: when the apiserver decided, else when the client heard back. */
    TraceEvent anchor() {
        return server.isEmpty() ? client.orElseThrow() : server.get(0);
    }
}
