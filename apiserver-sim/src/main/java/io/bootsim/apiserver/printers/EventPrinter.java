package io.bootsim.apiserver.printers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * {@code kubectl get events}: LAST SEEN TYPE REASON OBJECT MESSAGE, wide adds SUBOBJECT SOURCE
 * FIRST SEEN COUNT NAME (pkg/printers/internalversion/printers.go printEvent). Times fall back
 * from lastTimestamp to firstTimestamp to eventTime; a series overrides last seen and count.
 */
final class EventPrinter implements ResourcePrinter {

    @Override
    public List<TableColumn> columns() {
        return List.of(TableColumn.string("Last Seen"), TableColumn.string("Type"), TableColumn.string("Reason"),
                TableColumn.string("Object"), TableColumn.wide("Subobject"), TableColumn.wide("Source"),
                TableColumn.string("Message"), TableColumn.wide("First Seen"), TableColumn.wide("Count"),
                new TableColumn("Name", "string", "name", 1));
    }

    @Override
    public List<Object> cells(ObjectNode event, Instant now) {
        String first = ObjectFields.since(ObjectFields.text(event, "firstTimestamp"), now);
        if (ObjectFields.text(event, "firstTimestamp").isEmpty()) {
            first = ObjectFields.since(ObjectFields.text(event, "eventTime"), now);
        }
        String last = ObjectFields.text(event, "lastTimestamp").isEmpty()
                ? first : ObjectFields.since(ObjectFields.text(event, "lastTimestamp"), now);
        long count = event.path("count").asLong();
        JsonNode series = event.path("series");
        if (series.isObject()) {
            last = ObjectFields.since(ObjectFields.text(series, "lastObservedTime"), now);
            count = series.path("count").asLong();
        } else if (count == 0) {
            count = 1;
        }
        String kind = ObjectFields.text(event, "involvedObject", "kind").toLowerCase(Locale.ROOT);
        String name = ObjectFields.text(event, "involvedObject", "name");
        String target = name.isEmpty() ? kind : kind + "/" + name;
        return List.of(last, ObjectFields.text(event, "type"), ObjectFields.text(event, "reason"), target,
                ObjectFields.text(event, "involvedObject", "fieldPath"), source(event),
                ObjectFields.text(event, "message").strip(), first, count, ObjectFields.name(event));
    }

    /** "component, host", either part falling back to reportingController / reportingInstance. */
    private static String source(ObjectNode event) {
        String component = firstNonEmpty(ObjectFields.text(event, "source", "component"),
                ObjectFields.text(event, "reportingComponent"));
        String instance = firstNonEmpty(ObjectFields.text(event, "source", "host"),
                ObjectFields.text(event, "reportingInstance"));
        if (instance.isEmpty()) {
            return component;
        }
        return component + ", " + instance;
    }

    private static String firstNonEmpty(String a, String b) {
        return a.isEmpty() ? b : a;
    }
}
