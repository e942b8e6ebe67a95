package io.bootsim.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import io.bootsim.core.http.ApiError;
import io.bootsim.core.http.HttpRequest;
import io.bootsim.core.http.Result;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * kubectl's discovery with a cold cache: aggregated discovery from {@code /api} and {@code /apis}
 * when the server offers it, otherwise the legacy documents of every group version. Five failed
 * attempts are logged as client-go's memcache logs them before the run fails, with client-go's
 * fixed wording for a 401.
 */
// upstream: client-go discovery/aggregated_discovery.go, discovery/cached/memory/memcache.go
final class Discovery {

    static final String AGGREGATED_ACCEPT = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
            + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
    private static final int ATTEMPTS = 5;

    private final Invocation run;
    private final List<ResourceMapping> mappings = new ArrayList<>();

    private Discovery(Invocation run) {
        this.run = run;
    }

    /** Discovers the served resources, then hands them over; a failure ends the run. */
    static void load(Invocation run, Consumer<Discovery> then) {
        new Discovery(run).attempt(1, then);
    }

    Optional<ResourceMapping> resolve(String typed) {
        return mappings.stream().filter(m -> m.matches(typed)).findFirst();
    }

    /** The resource that serves {@code kind} in {@code apiVersion}, as a manifest names it. */
    Optional<ResourceMapping> forKind(String apiVersion, String kind) {
        return mappings.stream().filter(m -> m.groupVersion().equals(apiVersion) && m.kind().equals(kind)).findFirst();
    }

    private void attempt(int attempt, Consumer<Discovery> then) {
        run.send(HttpRequest.get("/api?timeout=32s").withHeader("Accept", AGGREGATED_ACCEPT), api -> {
            if (!api.isSuccess()) {
                failed(api, attempt, then);
                return;
            }
            run.send(HttpRequest.get("/apis?timeout=32s").withHeader("Accept", AGGREGATED_ACCEPT), apis -> {
                if (!apis.isSuccess()) {
                    failed(apis, attempt, then);
                } else if (aggregated(api) && aggregated(apis)) {
                    readAggregated(api.json());
                    readAggregated(apis.json());
                    then.accept(this);
                } else {
                    legacy(api.json(), apis.json(), then);
                }
            });
        });
    }

    private void failed(Result result, int attempt, Consumer<Discovery> then) {
        String message = result.error() instanceof ApiError a && a.code() == 401
                ? "the server has asked for the client to provide credentials" : result.goError();
        if (result.error() instanceof ApiError a) {
            run.logError("memcache.go:265", "\"Unhandled Error\" err=\"couldn't get current server API group list: "
                    + message.replace("\"", "\\\"") + "\"");
            if (attempt < ATTEMPTS) {
                attempt(attempt + 1, then);
                return;
            }
            if (a.code() == 401) {
                run.fail("error: You must be logged in to the server (" + message + ")");
                return;
            }
        }
        run.fail(result);
    }

    private static boolean aggregated(Result r) {
        return r.header("Content-Type").orElse("").contains("as=APIGroupDiscoveryList");
    }

    private void readAggregated(JsonNode list) {
        for (JsonNode group : list.path("items")) {
            String name = group.path("metadata").path("name").asText("");
            JsonNode preferred = group.path("versions").path(0); // the first version listed is the preferred one
            for (JsonNode r : preferred.path("resources")) {
                List<String> shortNames = new ArrayList<>();
                r.path("shortNames").forEach(s -> shortNames.add(s.asText()));
                mappings.add(new ResourceMapping(name, preferred.path("version").asText(), r.path("resource").asText(),
                        r.path("singularResource").asText(), r.path("responseKind").path("kind").asText(),
                        "Namespaced".equals(r.path("scope").asText()), shortNames));
            }
        }
    }

    private void legacy(JsonNode api, JsonNode apis, Consumer<Discovery> then) {
        Deque<String[]> groupVersions = new ArrayDeque<>();
        api.path("versions").forEach(v -> groupVersions.add(new String[]{"", v.asText()}));
        for (JsonNode g : apis.path("groups")) {
            String preferred = g.path("preferredVersion").path("version").asText();
            groupVersions.add(new String[]{g.path("name").asText(), preferred});
        }
        fetch(groupVersions, then);
    }

    private void fetch(Deque<String[]> remaining, Consumer<Discovery> then) {
        String[] gv = remaining.poll();
        if (gv == null) {
            then.accept(this);
            return;
        }
        String path = gv[0].isEmpty() ? "/api/" + gv[1] : "/apis/" + gv[0] + "/" + gv[1];
        run.send(HttpRequest.get(path + "?timeout=32s"), result -> {
            if (!result.isSuccess()) {
                run.fail(result);
                return;
            }
            for (JsonNode r : result.json().path("resources")) {
                String resource = r.path("name").asText();
                if (resource.contains("/")) {
                    continue; // subresources are not typed on the command line
                }
                List<String> shortNames = new ArrayList<>();
                r.path("shortNames").forEach(s -> shortNames.add(s.asText()));
                mappings.add(new ResourceMapping(gv[0], gv[1], resource, r.path("singularName").asText(),
                        r.path("kind").asText(), r.path("namespaced").asBoolean(), shortNames));
            }
            fetch(remaining, then);
        });
    }
}
