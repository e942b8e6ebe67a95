package io.bootsim.apiserver.printers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.registry.ServedResources.Resource;
import io.bootsim.core.api.Json;

/**
 * Encodes the events of one watch stream whose client asked for Tables ({@code kubectl get -w}):
 * each object becomes a one-row Table, and only the first such event carries the column
 * definitions (apiserver pkg/endpoints/handlers/watch.go). ERROR events keep their Status and
 * BOOKMARK events their object. One encoder per stream.
 */
public final class TableWatchEncoder {

    private final TableConvertor convertor;
    private final Resource resource;
    private final TableVersion tableVersion;
    private final IncludeObject include;
    private boolean columnsSent;

    public TableWatchEncoder(TableConvertor convertor, Resource resource, TableVersion tableVersion,
                             IncludeObject include) {
        this.convertor = convertor;
        this.resource = resource;
        this.tableVersion = tableVersion;
        this.include = include;
    }

    /** The watch event {@code {"type":..., "object":...}} to write as one line of the stream. */
    public ObjectNode event(String type, ObjectNode object) {
        ObjectNode event = Json.object();
        event.put("type", type);
        if (type.equals("ERROR") || type.equals("BOOKMARK")) {
            event.set("object", object);
            return event;
        }
        event.set("object", convertor.object(resource, object, tableVersion, include, !columnsSent));
        columnsSent = true;
        return event;
    }
}
