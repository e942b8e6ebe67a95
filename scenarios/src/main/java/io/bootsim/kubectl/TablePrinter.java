package io.bootsim.kubectl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints the server's meta.k8s.io Tables as kubectl's human-readable printer does: headers are
 * the column names upper-cased, priority-0 columns only unless wide, a NAMESPACE column first for
 * {@code -A}, cells as the server computed them (a string is cut at its first line break and marked
 * "..."), nothing at all for a Table without rows. One printer serves a whole {@code get}, so the
 * header is printed once and watch rows keep the widths of the rows above them.
 */
// upstream: kubernetes/cli-runtime pkg/printers/tableprinter.go (printTable, decorateTable)
final class TablePrinter {

    /** {@code -o wide}, {@code --no-headers}, {@code -A} on a namespaced resource. */
    record Options(boolean wide, boolean noHeaders, boolean withNamespace) {
    }

    private final Options options;
    private final TabWriter writer;
    private List<JsonNode> columns = List.of();
    private boolean headerPrinted;

    TablePrinter(Options options, StringBuilder out) {
        this.options = options;
        this.writer = new TabWriter(out);
    }

    /** Prints the rows of {@code table}; returns how many it had. */
    int print(JsonNode table) {
        JsonNode definitions = table.path("columnDefinitions");
        if (definitions.isArray() && !definitions.isEmpty()) {
            // a watch sends the definitions with its first event only
            columns = new ArrayList<>();
            definitions.forEach(columns::add);
        }
        JsonNode rows = table.path("rows");
        if (rows.isEmpty()) {
            return 0;
        }
        if (!options.noHeaders() && !headerPrinted) {
            List<String> header = new ArrayList<>();
            if (options.withNamespace()) {
                header.add("NAMESPACE");
            }
            for (JsonNode column : columns) {
                if (shown(column)) {
                    header.add(column.path("name").asText().toUpperCase(Locale.ROOT));
                }
            }
            writer.line(String.join("\t", header));
            headerPrinted = true;
        }
        for (JsonNode row : rows) {
            List<String> cells = new ArrayList<>();
            if (options.withNamespace()) {
                cells.add(row.path("object").path("metadata").path("namespace").asText(""));
            }
            JsonNode values = row.path("cells");
            for (int i = 0; i < values.size() && i < columns.size(); i++) {
                if (shown(columns.get(i))) {
                    cells.add(cell(values.get(i)));
                }
            }
            writer.line(String.join("\t", cells));
        }
        writer.flush();
        return rows.size();
    }

    private boolean shown(JsonNode column) {
        return options.wide() || column.path("priority").asInt() == 0;
    }

    private static String cell(JsonNode value) {
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isTextual()) {
            return value.asText();
        }
        String text = value.textValue();
        int cut = indexOfAny(text, "\f\n\r");
        return cut < 0 ? text : text.substring(0, cut) + "...";
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
