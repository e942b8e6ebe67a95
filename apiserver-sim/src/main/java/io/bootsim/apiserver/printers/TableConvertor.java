package io.bootsim.apiserver.printers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.registry.ServedResources.Resource;
import io.bootsim.core.api.Json;
import io.bootsim.core.time.Clock;
import io.bootsim.core.version.KubeVersion;

import java.time.Instant;
import java.util.List;

/**
 * Turns objects and lists into meta.k8s.io Tables, as kube-apiserver does when a client asks for
 * {@code as=Table} (apiserver pkg/endpoints/handlers/response.go asTable, and the printers'
 * TableGenerator). AGE cells are computed from the injected clock.
 */
public final class TableConvertor {

    private final Clock clock;
    private final KubeVersion version;

    public TableConvertor(Clock clock, KubeVersion version) {
        this.clock = clock;
        this.version = version;
    }

    /** A Table for a list ({@code items} and {@code metadata.resourceVersion}), all columns included. */
    public ObjectNode list(Resource resource, ObjectNode list, TableVersion tableVersion, IncludeObject include) {
        ResourcePrinter printer = PrintHandlers.forResource(resource.group(), resource.name(), version);
        JsonNode items = list.path("items");
        List<JsonNode> objects = items.isArray() ? iterate(items) : List.of();
        boolean nullRows = objects.isEmpty() && printer.rowsNullWhenEmpty();
        return table(resource, printer, objects, nullRows, ObjectFields.text(list, "metadata", "resourceVersion"),
                ObjectFields.text(list, "metadata", "continue"), tableVersion, include, true);
    }

    /** A one-row Table for a single object; its resourceVersion is the object's. */
    public ObjectNode object(Resource resource, ObjectNode object, TableVersion tableVersion, IncludeObject include) {
        return object(resource, object, tableVersion, include, true);
    }

    ObjectNode object(Resource resource, ObjectNode object, TableVersion tableVersion, IncludeObject include,
                      boolean withColumns) {
        ResourcePrinter printer = PrintHandlers.forResource(resource.group(), resource.name(), version);
        return table(resource, printer, List.of(object), false, ObjectFields.text(object, "metadata", "resourceVersion"),
                "", tableVersion, include, withColumns);
    }

    private ObjectNode table(Resource resource, ResourcePrinter printer, List<JsonNode> objects, boolean nullRows,
                             String resourceVersion, String cont, TableVersion tableVersion, IncludeObject include,
                             boolean withColumns) {
        Instant now = clock.now();
        ObjectNode table = Json.object();
        table.put("kind", "Table");
        table.put("apiVersion", tableVersion.apiVersion());
        ObjectNode meta = table.putObject("metadata");
        if (!resourceVersion.isEmpty()) {
            meta.put("resourceVersion", resourceVersion);
        }
        if (!cont.isEmpty()) {
            meta.put("continue", cont);
        }
        if (withColumns) {
            ArrayNode columns = table.putArray("columnDefinitions");
            printer.columns().forEach(c -> columns.add(c.toJson()));
        } else {
            // Watch events after the first are generated without headers (NoHeaders).
            table.putNull("columnDefinitions");
        }
        if (nullRows) {
            table.putNull("rows");
            return table;
        }
        ArrayNode rows = table.putArray("rows");
        for (JsonNode o : objects) {
            ObjectNode object = (ObjectNode) o;
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            for (Object cell : printer.cells(object, now)) {
                if (cell instanceof Long n) {
                    cells.add(n);
                } else {
                    cells.add((String) cell);
                }
            }
            row.set("object", rowObject(resource, object, tableVersion, include));
        }
        return table;
    }

    private static JsonNode rowObject(Resource resource, ObjectNode object, TableVersion tableVersion,
                                      IncludeObject include) {
        return switch (include) {
            case NONE -> Json.mapper().nullNode();
            case METADATA -> {
                ObjectNode partial = Json.object();
                partial.put("kind", "PartialObjectMetadata");
                partial.put("apiVersion", tableVersion.apiVersion());
                partial.set("metadata", object.path("metadata").deepCopy());
                yield partial;
            }
            case OBJECT -> {
                // List items may be stored without type meta; the row object is always fully typed.
                ObjectNode typed = Json.object();
                typed.put("kind", resource.kind());
                typed.put("apiVersion", resource.groupVersion());
                object.fields().forEachRemaining(f -> {
                    if (!f.getKey().equals("kind") && !f.getKey().equals("apiVersion")) {
                        typed.set(f.getKey(), f.getValue().deepCopy());
                    }
                });
                yield typed;
            }
        };
    }

    private static List<JsonNode> iterate(JsonNode array) {
        java.util.ArrayList<JsonNode> list = new java.util.ArrayList<>();
        array.forEach(list::add);
        return list;
    }
}
