package io.bootsim.apiserver.printers;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;

/** The table columns of one resource and how one object fills a row (a TableHandler upstream). */
interface ResourcePrinter {

    List<TableColumn> columns();

    /** Cell values, one per column: String, or Long for counts. */
    List<Object> cells(ObjectNode object, Instant now);

    /**
     * Upstream's default convertor appends rows to a nil slice, so an empty list has
     * {@code "rows":null}; the printers build an empty slice (pkg/registry/rest/table.go).
     */
    default boolean rowsNullWhenEmpty() {
        return false;
    }
}
