package io.bootsim.core.client;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;
import io.bootsim.core.api.Status;
import io.bootsim.core.http.ApiError;
import io.bootsim.core.http.ClientError;
import io.bootsim.core.http.GoErrorTexts;
import io.bootsim.core.http.HttpRequest;
import io.bootsim.core.http.Result;
import io.bootsim.core.http.Watch;
import io.bootsim.core.http.WatchEvent;
import io.bootsim.core.http.WatchHandler;
import io.bootsim.core.time.Scheduler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An in-memory API for unit tests of informers and controllers: registered collections with
 * list, watch, get, create, update (also of subresources, which replace the object), delete, a
 * global resourceVersion and 409 on a stale one; answers arrive as scheduler tasks, like the real
 * client's. Every request is recorded as {@code METHOD path}; {@link #intercept} answers chosen
 * requests itself (a SubjectAccessReview, a forced error).
 */
public final class FakeApi implements ApiTransport {

    private final Scheduler scheduler;
    private final Map<String, TreeMap<String, ObjectNode>> collections = new LinkedHashMap<>();
    private final Map<String, List<FakeWatch>> watches = new LinkedHashMap<>();
    private final List<String> requests = new ArrayList<>();
    private int closes;
    private final List<Function<HttpRequest, Optional<Result>>> interceptors = new ArrayList<>();
    private long resourceVersion = 100;

    public FakeApi(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Serves {@code path} (a collection such as {@code /api/v1/nodes}). */
    public FakeApi collection(String path) {
        collections.putIfAbsent(path, new TreeMap<>());
        return this;
    }

    /** Answers requests the function accepts itself; the first interceptor with an answer wins. */
    public FakeApi intercept(Function<HttpRequest, Optional<Result>> interceptor) {
        interceptors.add(interceptor);
        return this;
    }

    /** Stores {@code object} in the collection as a client's create would, announcing it to watches. */
    public ObjectNode put(String collection, ObjectNode object) {
        ObjectNode stored = object.deepCopy();
        String name = stored.path("metadata").path("name").asText();
        stored.with("metadata").put("resourceVersion", String.valueOf(++resourceVersion));
        ObjectNode old = collection(collection).collections.get(collection).put(name, stored);
        notify(collection, old == null ? "ADDED" : "MODIFIED", stored);
        return stored;
    }

    public void remove(String collection, String name) {
        ObjectNode old = collections.get(collection).remove(name);
        if (old != null) {
            ObjectNode gone = old.deepCopy();
            gone.with("metadata").put("resourceVersion", String.valueOf(++resourceVersion));
            notify(collection, "DELETED", gone);
        }
    }

    public Optional<ObjectNode> get(String collection, String name) {
        return Optional.ofNullable(collections.get(collection).get(name));
    }

    public List<ObjectNode> list(String collection) {
        return new ArrayList<>(collections.get(collection).values());
    }

    /** Requests seen so far, {@code METHOD path-without-query}. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** How many times a holder gave this connection up. */
    public int closes() {
        return closes;
    }

    @Override
    public void close() {
        closes++;
    }

    /** Requests other than list and watch, which informers send on their own. */
    public List<String> writes() {
        return requests.stream().filter(r -> !r.startsWith("GET ")).toList();
    }

    public void clearRequests() {
        requests.clear();
    }

    /** Ends every watch of the collection with a 410 ERROR event, as an apiserver whose watch cache moved on. */
    public void expireWatches(String collection) {
        ObjectNode status = (ObjectNode) Json.mapper().valueToTree(Status.failure(410, "Expired",
                "too old resource version: 1 (" + resourceVersion + ")", null));
        for (FakeWatch w : List.copyOf(watches.getOrDefault(collection, List.of()))) {
            w.deliver(new WatchEvent(WatchEvent.ERROR, status));
        }
    }

    /** Ends every watch of the collection normally, as the server's timeout does. */
    public void closeWatches(String collection) {
        for (FakeWatch w : List.copyOf(watches.getOrDefault(collection, List.of()))) {
            w.close(null);
        }
    }

    public int openWatches(String collection) {
        return watches.getOrDefault(collection, List.of()).size();
    }

    @Override
    public void send(HttpRequest request, Consumer<Result> callback) {
        requests.add(request.method() + " " + request.pathOnly());
        // served when the answer is delivered, as a real server answers after the request crossed the wire
        scheduler.execute(() -> callback.accept(interceptors.stream().map(i -> i.apply(request))
                .flatMap(Optional::stream).findFirst().orElseGet(() -> serve(request))));
    }

    @Override
    public Watch watch(String path, WatchHandler handler) {
        requests.add("WATCH " + path.substring(0, path.indexOf('?') < 0 ? path.length() : path.indexOf('?')));
        String collection = path.substring(0, path.indexOf('?'));
        FakeWatch w = new FakeWatch(collection, handler);
        watches.computeIfAbsent(collection, c -> new ArrayList<>()).add(w);
        return w;
    }

    private Result serve(HttpRequest request) {
        String path = request.pathOnly();
        for (String collection : collections.keySet()) {
            if (path.equals(collection)) {
                return switch (request.method()) {
                    case "GET" -> ok(request, listOf(collection));
                    case "POST" -> create(request, collection);
                    default -> error(request, 405, "MethodNotAllowed", "the server does not allow this method");
                };
            }
            if (path.startsWith(collection + "/")) {
                String[] rest = path.substring(collection.length() + 1).split("/");
                return item(request, collection, rest[0]);
            }
        }
        return error(request, 404, "NotFound", "the server could not find the requested resource");
    }

    private ObjectNode listOf(String collection) {
        ObjectNode list = Json.object();
        list.put("kind", "List").put("apiVersion", "v1");
        list.putObject("metadata").put("resourceVersion", String.valueOf(resourceVersion));
        ArrayNode items = list.putArray("items");
        collections.get(collection).values().forEach(o -> items.add(o.deepCopy()));
        return list;
    }

    private Result create(HttpRequest request, String collection) {
        ObjectNode body = body(request);
        String name = body.path("metadata").path("name").asText();
        if (collections.get(collection).containsKey(name)) {
            return error(request, 409, "AlreadyExists", "\"" + name + "\" already exists");
        }
        return ok(request, put(collection, body));
    }

    private Result item(HttpRequest request, String collection, String name) {
        ObjectNode current = collections.get(collection).get(name);
        if (current == null) {
            return error(request, 404, "NotFound", "\"" + name + "\" not found");
        }
        switch (request.method()) {
            case "GET":
                return ok(request, current.deepCopy());
            case "DELETE":
                remove(collection, name);
                return ok(request, current.deepCopy());
            case "PUT":
                ObjectNode body = body(request);
                String rv = body.path("metadata").path("resourceVersion").asText("");
                if (!rv.isEmpty() && !rv.equals(current.path("metadata").path("resourceVersion").asText())) {
                    return error(request, 409, "Conflict", "Operation cannot be fulfilled on \"" + name
                            + "\": the object has been modified; please apply your changes to the latest version and try again");
                }
                return ok(request, put(collection, body));
            default:
                return error(request, 405, "MethodNotAllowed", "the server does not allow this method");
        }
    }

    private void notify(String collection, String type, ObjectNode object) {
        for (FakeWatch w : List.copyOf(watches.getOrDefault(collection, List.of()))) {
            w.deliver(new WatchEvent(type, object.deepCopy()));
        }
    }

    private static ObjectNode body(HttpRequest request) {
        try {
            return (ObjectNode) Json.mapper().readTree(request.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Result ok(HttpRequest request, ObjectNode body) {
        return new Result(request, "https://fake" + request.path(), 200, Map.of(),
                Json.write(body).getBytes(StandardCharsets.UTF_8), null, Duration.ZERO, GoErrorTexts.newest());
    }

    public static Result error(HttpRequest request, int code, String reason, String message) {
        Status status = Status.failure(code, reason, message, null);
        ClientError error = new ApiError(status);
        return new Result(request, "https://fake" + request.path(), code, Map.of(),
                status.toJson().getBytes(StandardCharsets.UTF_8), error, Duration.ZERO, GoErrorTexts.newest());
    }

    private final class FakeWatch implements Watch {
        private final String collection;
        private final WatchHandler handler;
        private boolean stopped;

        FakeWatch(String collection, WatchHandler handler) {
            this.collection = collection;
            this.handler = handler;
        }

        void deliver(WatchEvent event) {
            scheduler.execute(() -> {
                if (!stopped) {
                    handler.onEvent(event);
                }
            });
        }

        void close(ClientError error) {
            watches.get(collection).remove(this);
            scheduler.execute(() -> {
                if (!stopped) {
                    stopped = true;
                    handler.closed(error);
                }
            });
        }

        @Override
        public void stop() {
            stopped = true;
            watches.getOrDefault(collection, new ArrayList<>()).remove(this);
        }
    }
}
