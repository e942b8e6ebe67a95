package io.bootsim.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;
import io.bootsim.core.flags.Flag;
import io.bootsim.core.flags.FlagSet;
import io.bootsim.core.flags.FlagType;
import io.bootsim.core.flags.GoDuration;
import io.bootsim.core.flags.ParsedFlags;
import io.bootsim.core.http.ApiError;
import io.bootsim.core.http.ClientError;
import io.bootsim.core.http.HttpRequest;
import io.bootsim.core.http.Watch;
import io.bootsim.core.http.WatchEvent;
import io.bootsim.core.http.WatchHandler;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code kubectl get}: a list or named objects of one resource type, printed from the server's
 * Table (human and wide output) or from the objects themselves; {@code --raw PATH}; {@code -w}
 * prints the watch events' rows under the first table until the server or {@code --request-timeout}
 * ends the stream. "No resources found" goes to stderr, for human output only.
 */
// upstream: kubernetes/kubectl pkg/cmd/get/get.go (Run, watch, printGeneric)
final class GetCommand implements Subcommand {

    static final String TABLE_ACCEPT = "application/json;as=Table;v=v1;g=meta.k8s.io,"
            + "application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

    private static final Flag<String> OUTPUT = Flag.of("output", FlagType.STRING, "", "Output format.").shorthand("o");
    private static final Flag<Boolean> ALL_NAMESPACES = Flag.of("all-namespaces", FlagType.BOOL, false,
            "List the requested object(s) across all namespaces.").shorthand("A");
    private static final Flag<Boolean> NO_HEADERS = Flag.of("no-headers", FlagType.BOOL, false,
            "When using the default or custom-column output format, don't print headers.");
    private static final Flag<Boolean> WATCH = Flag.of("watch", FlagType.BOOL, false,
            "After listing/getting the requested object, watch for changes.").shorthand("w");
    private static final Flag<String> SELECTOR = Flag.of("selector", FlagType.STRING, "",
            "Selector (label query) to filter on.").shorthand("l");
    private static final Flag<String> FIELD_SELECTOR = Flag.of("field-selector", FlagType.STRING, "",
            "Selector (field query) to filter on.");
    private static final Flag<String> RAW = Flag.of("raw", FlagType.STRING, "", "Raw URI to request from the server.");
    private static final Flag<Boolean> IGNORE_NOT_FOUND = Flag.of("ignore-not-found", FlagType.BOOL, false,
            "If the requested object does not exist the command will return exit code 0.");
    private static final Flag<Long> CHUNK_SIZE = Flag.of("chunk-size", FlagType.INT, 500L,
            "Return large lists in chunks rather than all at once.");

    @Override
    public String name() {
        return "get";
    }

    @Override
    public void declare(FlagSet flags) {
        for (Flag<?> f : List.of(OUTPUT, ALL_NAMESPACES, NO_HEADERS, WATCH, SELECTOR, FIELD_SELECTOR, RAW,
                IGNORE_NOT_FOUND, CHUNK_SIZE)) {
            flags.add("get", f);
        }
    }

    @Override
    public void run(Invocation run, ParsedFlags flags, List<String> args) {
        if (!flags.get(RAW).isEmpty()) {
            raw(run, flags.get(RAW));
            return;
        }
        OutputFormat format;
        try {
            format = OutputFormat.parse(flags.get(OUTPUT));
        } catch (IllegalArgumentException e) {
            run.fail(e.getMessage());
            return;
        }
        if (args.isEmpty()) {
            run.err().append("You must specify the type of resource to get. Use \"kubectl api-resources\" for a "
                    + "complete list of supported resources.\n\n");
            run.fail("error: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed "
                    + "description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and "
                    + "examples");
            return;
        }
        ResourceArgs resource = ResourceArgs.of(args);
        List<String> names = resource.names();
        String typed = resource.type();
        Discovery.load(run, discovery -> discovery.resolve(typed).ifPresentOrElse(
                mapping -> new Listing(run, flags, format, mapping, names).start(),
                () -> run.fail("error: the server doesn't have a resource type \"" + typed + "\"")));
    }

    /** {@code --raw}: the body as the server sent it, no newline added. */
    private static void raw(Invocation run, String path) {
        run.send(HttpRequest.get(path), result -> {
            if (!result.isSuccess()) {
                run.fail(result);
                return;
            }
            run.out().append(result.bodyText());
            run.finish(0);
        });
    }

    /** One get: the requests, the collected results, the printing and the optional watch. */
    private static final class Listing {
        private final Invocation run;
        private final ParsedFlags flags;
        private final OutputFormat format;
        private final ResourceMapping mapping;
        private final List<String> names;
        private final String namespace;
        private final List<JsonNode> found = new ArrayList<>();
        private final List<String> errors = new ArrayList<>();
        private final TablePrinter table;
        private String resourceVersion = "";

        Listing(Invocation run, ParsedFlags flags, OutputFormat format, ResourceMapping mapping, List<String> names) {
            this.run = run;
            this.flags = flags;
            this.format = format;
            this.mapping = mapping;
            this.names = names;
            boolean all = flags.get(ALL_NAMESPACES);
            this.namespace = !mapping.namespaced() || all ? "" : run.namespace();
            this.table = new TablePrinter(new TablePrinter.Options(format.kind() == OutputFormat.Kind.WIDE,
                    flags.get(NO_HEADERS), all && mapping.namespaced()), run.out());
        }

        void start() {
            if (names.isEmpty()) {
                page("");
            } else {
                getNamed(0);
            }
        }

        private HttpRequest request(String path) {
            HttpRequest r = HttpRequest.get(path);
            return format.isTable() ? r.withHeader("Accept", TABLE_ACCEPT) : r.withHeader("Accept", "application/json");
        }

        private void page(String continueToken) {
            StringBuilder query = new StringBuilder("?limit=" + flags.get(CHUNK_SIZE));
            appendQuery(query, "labelSelector", flags.get(SELECTOR));
            appendQuery(query, "fieldSelector", flags.get(FIELD_SELECTOR));
            appendQuery(query, "continue", continueToken);
            run.send(request(mapping.collectionPath(namespace) + query), result -> {
                if (!result.isSuccess()) {
                    run.fail(result);
                    return;
                }
                ObjectNode body = result.json();
                found.add(body);
                resourceVersion = body.path("metadata").path("resourceVersion").asText("");
                String next = body.path("metadata").path("continue").asText("");
                if (!next.isEmpty()) {
                    page(next);
                } else {
                    printed();
                }
            });
        }

        private void getNamed(int index) {
            if (index == names.size()) {
                printed();
                return;
            }
            run.send(request(mapping.objectPath(namespace, names.get(index))), result -> {
                if (result.isSuccess()) {
                    found.add(result.json());
                } else if (!(flags.get(IGNORE_NOT_FOUND) && result.error() instanceof ApiError a && a.code() == 404)) {
                    errors.add(Invocation.describe(result.error(), result.url()));
                }
                getNamed(index + 1);
            });
        }

        private void printed() {
            if (format.isTable()) {
                int rows = table.print(mergedTable());
                if (rows == 0 && errors.isEmpty() && names.isEmpty()) {
                    run.err().append(noResources());
                }
            } else if (!found.isEmpty() || names.isEmpty()) {
                run.out().append(format.print(names.size() == 1 ? found.get(0) : list(), mapping));
            }
            if (!errors.isEmpty()) {
                errors.forEach(e -> run.err().append(e).append('\n'));
                run.finish(1);
            } else if (flags.get(WATCH)) {
                watch();
            } else {
                run.finish(0);
            }
        }

        private String noResources() {
            if (mapping.namespaced() && !namespace.isEmpty()) {
                return "No resources found in " + namespace + " namespace.\n";
            }
            return "No resources found\n";
        }

        /** All pages or named objects as one Table, so the columns line up across them. */
        private ObjectNode mergedTable() {
            ObjectNode merged = Json.object();
            ArrayNode rows = merged.putArray("rows");
            for (JsonNode t : found) {
                if (!merged.has("columnDefinitions")) {
                    merged.set("columnDefinitions", t.path("columnDefinitions"));
                }
                t.path("rows").forEach(rows::add);
            }
            return merged;
        }

        /** kubectl re-wraps what it got as a v1 List with an empty resourceVersion. */
        private ObjectNode list() {
            ObjectNode list = Json.object();
            list.put("apiVersion", "v1");
            ArrayNode items = list.putArray("items");
            for (JsonNode body : found) {
                if (body.has("items")) {
                    String kind = body.path("kind").asText().replaceFirst("List$", "");
                    for (JsonNode item : body.path("items")) {
                        ObjectNode typed = Json.object();
                        typed.put("apiVersion", body.path("apiVersion").asText(mapping.groupVersion()));
                        typed.put("kind", kind.isEmpty() ? mapping.kind() : kind);
                        typed.setAll((ObjectNode) item);
                        items.add(typed);
                    }
                } else {
                    items.add(body);
                }
            }
            list.put("kind", "List");
            list.putObject("metadata").put("resourceVersion", "");
            return list;
        }

        private void watch() {
            StringBuilder query = new StringBuilder();
            boolean single = names.size() == 1;
            if (single) {
                appendQuery(query, "fieldSelector", "metadata.name=" + names.get(0));
                appendQuery(query, "resourceVersion", "0");
            } else {
                appendQuery(query, "labelSelector", flags.get(SELECTOR));
                appendQuery(query, "fieldSelector", flags.get(FIELD_SELECTOR));
                appendQuery(query, "resourceVersion", resourceVersion);
            }
            if (!run.requestTimeout().isZero()) {
                appendQuery(query, "timeout", GoDuration.format(run.requestTimeout()));
            }
            appendQuery(query, "watch", "true");
            String path = mapping.collectionPath(namespace) + "?" + query.substring(1);
            Watch[] stream = new Watch[1];
            stream[0] = run.watch(request(path), new WatchHandler() {
                // a single-object watch from resourceVersion 0 starts with the object as it is: kubectl drops it
                private boolean skipFirst = single;

                @Override
                public void onEvent(WatchEvent event) {
                    if (skipFirst) {
                        skipFirst = false;
                        return;
                    }
                    if (format.isTable() && !event.isError()) {
                        table.print(event.object());
                    } else if (!format.isTable()) {
                        run.out().append(format.print(event.object(), mapping));
                    }
                }

                @Override
                public void closed(ClientError error) {
                    run.finish(0); // get.go ignores the error that ends a watch
                }
            });
            Runnable end = () -> {
                stream[0].stop();
                run.finish(0);
            };
            run.onInterrupt(end);
            if (!run.requestTimeout().isZero()) {
                // client-go's request timeout ends the watch on the client side too, and kubectl exits 0
                run.scheduler().schedule(run.requestTimeout(), end);
            }
        }
    }

    private static void appendQuery(StringBuilder query, String key, String value) {
        if (value.isEmpty()) {
            return;
        }
        query.append(query.length() == 0 ? '?' : '&').append(key).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
    }
}
