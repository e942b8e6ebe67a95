package io.bootsim.apiserver.endpoints;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.endpoints.protobuf.ProtobufDecoder;
import io.bootsim.apiserver.endpoints.protobuf.TypeMeta;
import io.bootsim.apiserver.endpoints.request.RequestInfo;
import io.bootsim.apiserver.printers.IncludeObject;
import io.bootsim.apiserver.printers.TableConvertor;
import io.bootsim.apiserver.printers.TableVersion;
import io.bootsim.apiserver.printers.TableWatchEncoder;
import io.bootsim.apiserver.registry.RestStrategy;
import io.bootsim.apiserver.registry.ServedResources;
import io.bootsim.apiserver.server.SecureServing;
import io.bootsim.apiserver.storage.DeleteResult;
import io.bootsim.apiserver.storage.ListOptions;
import io.bootsim.apiserver.storage.ObjectList;
import io.bootsim.apiserver.storage.PatchType;
import io.bootsim.apiserver.storage.Preconditions;
import io.bootsim.apiserver.storage.ResourceType;
import io.bootsim.apiserver.storage.Store;
import io.bootsim.apiserver.storage.StoredResources;
import io.bootsim.apiserver.storage.WatchEvent;
import io.bootsim.apiserver.storage.WatchOptions;
import io.bootsim.apiserver.storage.Watcher;
import io.bootsim.apiserver.validation.InvalidError;
import io.bootsim.core.api.Json;
import io.bootsim.core.api.Status;
import io.bootsim.core.api.StatusException;
import io.bootsim.core.trace.Tracer;
import io.bootsim.core.version.KubeVersion;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.server.Components;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The REST verbs on API objects, as upstream's generic registry serves them
 * (k8s.io/apiserver pkg/endpoints/handlers): get, list, watch, create, update, patch, delete and
 * deletecollection over the store, with each resource's strategy, validation and write checks, the
 * served-version conversion, and Table output when the client asks for it.
 */
public final class ResourceEndpoints {

    private static final Duration DEFAULT_WATCH_TIMEOUT = Duration.ofMinutes(30);

    private final KubeVersion version;
    private final ServedResources served;
    private final StoredResources stored;
    private final Store store;
    private final Map<String, RestStrategy> strategies;
    private final Map<String, CreateOnlyResource> createOnly;
    private final List<WriteCheck> writeChecks;
    private final StoreObserver observer;
    private final TableConvertor tables;
    private final NodeProxy nodeProxy;
    private final Tracer tracer;

    public ResourceEndpoints(KubeVersion version, ServedResources served, StoredResources stored, Store store,
                             Map<String, RestStrategy> strategies, Map<String, CreateOnlyResource> createOnly,
                             List<WriteCheck> writeChecks, StoreObserver observer, TableConvertor tables,
                             NodeProxy nodeProxy, Tracer tracer) {
        this.version = version;
        this.served = served;
        this.stored = stored;
        this.store = store;
        this.strategies = strategies;
        this.createOnly = createOnly;
        this.writeChecks = writeChecks;
        this.observer = observer;
        this.tables = tables;
        this.nodeProxy = nodeProxy;
        this.tracer = tracer;
    }

    public void serve(ApiRequest request) throws IOException {
        RequestInfo info = request.info();
        ServedResources.Resource resource = served.resource(info.apiGroup(), info.apiVersion(), info.resource())
                .filter(r -> info.subresource().isEmpty()
                        || r.subresources().stream().anyMatch(s -> s.name().equals(info.subresource())))
                // /api/v1/namespaces/NAME names a namespace: the request info reads NAME as its namespace too
                .filter(r -> r.namespaced() || info.namespace().isEmpty() || isNamespace(info))
                .orElseThrow(ResourceEndpoints::noSuchResource);
        if (info.apiGroup().isEmpty() && info.resource().equals("nodes") && info.subresource().equals("proxy")) {
            nodeProxy.serve(request);
            return;
        }
        String key = key(info.apiGroup(), info.resource());
        // the reviews, and subresources such as serviceaccounts/token that answer a create without storing it
        CreateOnlyResource review = createOnly.get(info.subresource().isEmpty() ? key : key + "/" + info.subresource());
        if (review != null) {
            if (!info.verb().equals("create")) {
                throw new StatusException(methodNotAllowed(request));
            }
            ObjectNode answer = review.create(request, body(request, bodyType(resource, info.subresource())));
            ApiResponse.json(request.http(), 201, answer);
            return;
        }
        ResourceType type = stored.get(info.apiGroup(), info.resource()).orElseThrow(ResourceEndpoints::noSuchResource);
        if (resource.namespaced() && info.namespace().isEmpty() && !info.name().isEmpty()) {
            throw noSuchResource();
        }
        RestStrategy strategy = strategies.getOrDefault(key, RestStrategy.DEFAULT);
        String apiVersion = resource.version();
        switch (info.verb()) {
            case "get" -> get(request, resource, type, strategy, apiVersion);
            case "list" -> list(request, resource, type, strategy, apiVersion);
            case "watch" -> watch(request, resource, type, strategy, apiVersion);
            case "create" -> create(request, resource, type, strategy, apiVersion);
            case "update" -> update(request, resource, type, strategy, apiVersion);
            case "patch" -> patch(request, type, strategy, apiVersion);
            case "delete" -> delete(request, type, strategy);
            case "deletecollection" -> deleteCollection(request, type, strategy, apiVersion);
            default -> throw new StatusException(methodNotAllowed(request));
        }
    }

    private void get(ApiRequest request, ServedResources.Resource resource, ResourceType type, RestStrategy strategy,
                     String apiVersion) {
        RequestInfo info = request.info();
        ObjectNode object = strategy.toVersion(store.get(type, namespace(request, type), info.name()), apiVersion);
        Optional<TableVersion> table = TableVersion.negotiate(request.header("Accept"), version);
        if (table.isPresent()) {
            ApiResponse.json(request.http(), 200, tables.object(resource, object, table.get(), include(request)));
        } else {
            ApiResponse.json(request.http(), 200, object);
        }
    }

    private void list(ApiRequest request, ServedResources.Resource resource, ResourceType type, RestStrategy strategy,
                      String apiVersion) {
        ObjectList list = store.list(type, namespace(request, type), new ListOptions(request.param("labelSelector"),
                request.param("fieldSelector"), request.param("resourceVersion"), request.param("resourceVersionMatch"),
                limit(request), request.param("continue")));
        ObjectNode body = list.toJson(type);
        body.put("apiVersion", resource.groupVersion());
        body.withArray("items").forEach(item -> {
            ObjectNode converted = strategy.toVersion((ObjectNode) item, apiVersion);
            converted.remove("apiVersion");
            converted.remove("kind");
            ((ObjectNode) item).removeAll().setAll(converted);
        });
        Optional<TableVersion> table = TableVersion.negotiate(request.header("Accept"), version);
        if (table.isPresent()) {
            ApiResponse.json(request.http(), 200, tables.list(resource, body, table.get(), include(request)));
        } else {
            ApiResponse.json(request.http(), 200, body);
        }
    }

    private void watch(ApiRequest request, ServedResources.Resource resource, ResourceType type, RestStrategy strategy,
                       String apiVersion) throws IOException {
        Watcher watcher = store.watch(type, namespace(request, type), new WatchOptions(request.param("labelSelector"),
                request.param("fieldSelector"), request.param("resourceVersion"),
                Boolean.parseBoolean(request.param("allowWatchBookmarks"))));
        watcher.deliversTo(SecureServing.clientChannel(request.http()));
        Optional<TableWatchEncoder> table = TableVersion.negotiate(request.header("Accept"), version)
                .map(tv -> new TableWatchEncoder(tables, resource, tv, include(request)));
        Duration timeout = request.param("timeoutSeconds").isEmpty() ? DEFAULT_WATCH_TIMEOUT
                : Duration.ofSeconds(Long.parseLong(request.param("timeoutSeconds")));
        var response = request.http().res();
        response.setStatus(200);
        response.setHeader("Cache-Control", "no-cache, private");
        response.setContentType(ApiResponse.JSON);
        OutputStream out;
        try {
            out = response.getOutputStream();
            out.flush(); // the headers go out now: a client's watch is open before the first event
        } catch (IOException | RuntimeException e) {
            watcher.stop();
            throw e;
        }
        // No thread waits for events: the watcher signals, and the server's pool drains them.
        Components jetty = ServletContextRequest.getServletContextRequest(request.http().req()).getComponents();
        WatchStream stream = new WatchStream(watcher, event -> {
            ObjectNode line = encode(event, strategy, apiVersion, table);
            out.write((Json.write(line) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }, jetty.getThreadPool());
        request.http().future(() -> {
            request.http().req().getAsyncContext().addListener(stream);
            // real time, not the component's clock: the stream's own lifetime
            return stream.start(timeout, WatchStream.timer(jetty.getScheduler()));
        });
    }

    private static ObjectNode encode(WatchEvent event, RestStrategy strategy, String apiVersion,
                                     Optional<TableWatchEncoder> table) {
        ObjectNode object = event.object();
        boolean apiObject = event.type() != WatchEvent.Type.ERROR && event.type() != WatchEvent.Type.BOOKMARK;
        if (apiObject) {
            object = strategy.toVersion(object, apiVersion);
        } else if (event.type() == WatchEvent.Type.BOOKMARK) {
            object = strategy.toVersion(object, apiVersion);
        }
        if (table.isPresent()) {
            return table.get().event(event.type().name(), object);
        }
        ObjectNode line = Json.object();
        line.put("type", event.type().name());
        line.set("object", object);
        return line;
    }

    private void create(ApiRequest request, ServedResources.Resource resource, ResourceType type, RestStrategy strategy,
                        String apiVersion) {
        RequestInfo info = request.info();
        ObjectNode object = strategy.fromBody(body(request, resource), apiVersion);
        if (type.namespaced()) {
            String inBody = object.path("metadata").path("namespace").asText("");
            if (!inBody.isEmpty() && !inBody.equals(info.namespace())) {
                throw new StatusException(Status.badRequest(
                        "the namespace of the provided object does not match the namespace sent on the request"));
            }
            requireNamespace(info.namespace());
            ((ObjectNode) object.with("metadata")).put("namespace", info.namespace());
        }
        strategy.prepareForCreate(object, request.user());
        String name = object.path("metadata").path("name").asText("");
        InvalidError.throwIfAny(type.group(), type.kind(), name, strategy.validateCreate(object, apiVersion));
        checkWrite(request, object, null);
        ObjectNode created = store.create(type, namespace(request, type), object);
        observer.written(type, created);
        trace("created", type, created);
        ApiResponse.json(request.http(), 201, strategy.toVersion(created, apiVersion));
    }

    private void update(ApiRequest request, ServedResources.Resource resource, ResourceType type, RestStrategy strategy,
                        String apiVersion) {
        RequestInfo info = request.info();
        ObjectNode body = strategy.fromBody(body(request, resource), apiVersion);
        try {
            ObjectNode updated = store.guaranteedUpdate(type, namespace(request, type), info.name(),
                    old -> prepareUpdate(request, type, strategy, apiVersion, body.deepCopy(), old));
            observer.written(type, updated);
            trace("updated", type, updated);
            ApiResponse.json(request.http(), 200, strategy.toVersion(updated, apiVersion));
        } catch (StatusException e) {
            if (e.status().code() != 404 || !type.allowCreateOnUpdate() || !info.subresource().isEmpty()
                    || !body.path("metadata").path("resourceVersion").asText("").isEmpty()) {
                throw e;
            }
            create(request, resource, type, strategy, apiVersion);
        }
    }

    private void patch(ApiRequest request, ResourceType type, RestStrategy strategy, String apiVersion) {
        RequestInfo info = request.info();
        PatchType patchType = PatchType.of(request.header("Content-Type")).orElseThrow(() -> new StatusException(
                Status.failure(415, "UnsupportedMediaType", "the body of the request was in an unknown format - "
                        + "accepted media types include: application/json-patch+json, application/merge-patch+json, "
                        + "application/apply-patch+yaml, application/strategic-merge-patch+json", null)));
        String patch = request.http().body();
        ObjectNode updated = store.guaranteedUpdate(type, namespace(request, type), info.name(), old -> {
            ObjectNode patched = patchType.patch(strategy.toVersion(old, apiVersion), patch, type.patchSchema());
            return prepareUpdate(request, type, strategy, apiVersion, strategy.fromBody(patched, apiVersion), old);
        });
        observer.written(type, updated);
        trace("patched", type, updated);
        ApiResponse.json(request.http(), 200, strategy.toVersion(updated, apiVersion));
    }

    private ObjectNode prepareUpdate(ApiRequest request, ResourceType type, RestStrategy strategy, String apiVersion,
                                     ObjectNode object, ObjectNode old) {
        String subresource = request.info().subresource();
        strategy.prepareForUpdate(object, old, subresource);
        InvalidError.throwIfAny(type.group(), type.kind(), request.info().name(),
                strategy.validateUpdate(object, old, subresource, apiVersion));
        checkWrite(request, object, old);
        return object;
    }

    private void delete(ApiRequest request, ResourceType type, RestStrategy strategy) {
        RequestInfo info = request.info();
        ObjectNode old = store.get(type, namespace(request, type), info.name());
        checkWrite(request, null, old);
        DeleteResult result = store.delete(type, namespace(request, type), info.name(), preconditions(request));
        observer.deleted(type, result.object());
        trace("deleted", type, result.object());
        if (!result.deletedImmediately()) {
            ApiResponse.json(request.http(), 200, strategy.toVersion(result.object(), type.version()));
            return;
        }
        // upstream's generic registry answers a finished delete with a Success Status (no code field)
        ObjectNode success = Json.object().put("kind", "Status").put("apiVersion", "v1");
        success.putObject("metadata");
        success.put("status", Status.SUCCESS);
        ObjectNode details = success.putObject("details").put("name", info.name());
        if (!type.group().isEmpty()) {
            details.put("group", type.group());
        }
        details.put("kind", type.resource()).put("uid", result.object().path("metadata").path("uid").asText(""));
        ApiResponse.json(request.http(), 200, success);
    }

    private void deleteCollection(ApiRequest request, ResourceType type, RestStrategy strategy, String apiVersion) {
        ObjectList deleted = store.deleteCollection(type, namespace(request, type),
                ListOptions.selecting(request.param("labelSelector"), request.param("fieldSelector")));
        deleted.items().forEach(item -> observer.deleted(type, item));
        ObjectNode body = deleted.toJson(type);
        body.put("apiVersion", strategy.toVersion(Json.object().put("apiVersion", type.apiVersion()), apiVersion)
                .path("apiVersion").asText());
        ApiResponse.json(request.http(), 200, body);
    }

    private void checkWrite(ApiRequest request, ObjectNode object, ObjectNode old) {
        for (WriteCheck check : writeChecks) {
            Optional<Status> refused = check.check(request, object, old);
            if (refused.isPresent()) {
                throw new StatusException(refused.get());
            }
        }
    }

    private void requireNamespace(String namespace) {
        ResourceType namespaces = stored.get("", "namespaces").orElseThrow();
        try {
            store.get(namespaces, "", namespace);
        } catch (StatusException e) {
            if (e.status().code() == 404) {
                // upstream: plugin/pkg/admission/namespace/lifecycle (NamespaceLifecycle)
                throw new StatusException(Status.notFound("", "namespaces", namespace));
            }
            throw e;
        }
    }

    /** The request body as a JSON object: JSON, or Kubernetes protobuf from kubectl 1.32+. */
    private ObjectNode body(ApiRequest request, ServedResources.Resource resource) {
        String contentType = request.header("Content-Type");
        byte[] bytes = request.http().bodyAsBytes();
        if (contentType.startsWith(ProtobufDecoder.CONTENT_TYPE)) {
            return ProtobufDecoder.decode(bytes, new TypeMeta(resource.groupVersion(), resource.kind()));
        }
        if (!contentType.isEmpty() && !contentType.startsWith("application/json") && !contentType.startsWith("*/*")) {
            throw new StatusException(Status.failure(415, "UnsupportedMediaType",
                    "the body of the request was in an unknown format - accepted media types include: "
                            + "application/json, application/yaml, application/vnd.kubernetes.protobuf", null));
        }
        try {
            JsonNode node = Json.mapper().readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new StatusException(Status.badRequest("Object 'Kind' is missing in '"
                        + new String(bytes, StandardCharsets.UTF_8) + "'"));
            }
            ObjectNode object = (ObjectNode) node;
            String kind = object.path("kind").asText("");
            if (!kind.isEmpty() && !kind.equals(resource.kind())) {
                throw new StatusException(Status.badRequest(kind + " in version \"" + resource.version()
                        + "\" cannot be handled as a " + resource.kind() + ": no kind \"" + kind
                        + "\" is registered for version \"" + resource.groupVersion() + "\""));
            }
            object.put("kind", resource.kind());
            object.put("apiVersion", resource.groupVersion());
            return object;
        } catch (JsonProcessingException e) {
            throw new StatusException(Status.badRequest("json: " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new StatusException(Status.badRequest(e.getMessage()));
        }
    }

    /** What a request body must be: the resource's kind, or the subresource's when it speaks another group's kind. */
    private static ServedResources.Resource bodyType(ServedResources.Resource resource, String subresource) {
        return resource.subresources().stream()
                .filter(s -> s.name().equals(subresource) && !s.group().isEmpty())
                .findFirst()
                .map(s -> new ServedResources.Resource(s.group(), s.version(), resource.name() + "/" + s.name(), "",
                        s.kind(), resource.namespaced(), s.verbs(), List.of(), List.of(), List.of()))
                .orElse(resource);
    }

    private Preconditions preconditions(ApiRequest request) {
        byte[] bytes = request.http().bodyAsBytes();
        if (bytes.length == 0) {
            return Preconditions.NONE;
        }
        try {
            JsonNode options = Json.mapper().readTree(bytes);
            JsonNode p = options == null ? null : options.get("preconditions");
            return p == null ? Preconditions.NONE
                    : new Preconditions(p.path("uid").asText(""), p.path("resourceVersion").asText(""));
        } catch (IOException e) {
            throw new StatusException(Status.badRequest("json: " + e.getMessage()));
        }
    }

    private static long limit(ApiRequest request) {
        String value = request.param("limit");
        try {
            return value.isEmpty() ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new StatusException(Status.badRequest("strconv.ParseInt: parsing \"" + value + "\": invalid syntax"));
        }
    }

    private static IncludeObject include(ApiRequest request) {
        return IncludeObject.parse(request.param("includeObject"));
    }

    private void trace(String action, ResourceType type, ObjectNode object) {
        tracer.emit("storage", "action", action, "resource", type.qualifiedResource(),
                "namespace", object.path("metadata").path("namespace").asText(""),
                "name", object.path("metadata").path("name").asText(""),
                "resourceVersion", object.path("metadata").path("resourceVersion").asText(""));
    }

    private static boolean isNamespace(RequestInfo info) {
        return info.apiGroup().isEmpty() && info.resource().equals("namespaces");
    }

    /** The namespace a request addresses objects in: none for cluster-scoped resources. */
    private static String namespace(ApiRequest request, ResourceType type) {
        return type.namespaced() ? request.info().namespace() : "";
    }

    private static String key(String group, String resource) {
        return group.isEmpty() ? resource : group + "/" + resource;
    }

    // upstream: the 404 for a resource the group version does not serve
    private static StatusException noSuchResource() {
        return new StatusException(Status.failure(404, "NotFound", "the server could not find the requested resource",
                Status.Details.of("", "", "")));
    }

    private static Status methodNotAllowed(ApiRequest request) {
        return Status.failure(405, "MethodNotAllowed", "the server does not allow this method on the requested resource",
                Status.Details.of("", "", ""));
    }
}
