package io.bootsim.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import io.bootsim.core.api.Json;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code -o json}: Go's json.MarshalIndent of an unstructured object, four spaces, keys sorted
 * (Go maps marshal in key order), HTML-safe escaping, a final newline.
 */
// upstream: kubernetes/cli-runtime pkg/printers/json.go
final class JsonPrinter {

    private JsonPrinter() {
    }

    static String print(JsonNode object) {
        StringBuilder out = new StringBuilder();
        write(object, 0, out);
        return out.append('\n').toString();
    }

    /** Go's json.Marshal of the same value: compact, keys sorted. */
    static String compact(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, -1, out);
        return out.toString();
    }

    /** Indented when {@code depth} is not negative, compact otherwise. */
    private static void write(JsonNode node, int depth, StringBuilder out) {
        boolean indented = depth >= 0;
        String open = indented ? "\n" : "";
        String comma = indented ? ",\n" : ",";
        String colon = indented ? ": " : ":";
        if (node.isObject()) {
            if (node.isEmpty()) {
                out.append("{}");
                return;
            }
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                sorted.put(e.getKey(), e.getValue());
            }
            out.append('{').append(open);
            int i = 0;
            for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
                indent(depth + 1, out);
                out.append(Json.write(e.getKey())).append(colon);
                write(e.getValue(), indented ? depth + 1 : depth, out);
                out.append(++i < sorted.size() ? comma : open);
            }
            indent(depth, out);
            out.append('}');
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append('[').append(open);
            for (int i = 0; i < node.size(); i++) {
                indent(depth + 1, out);
                write(node.get(i), indented ? depth + 1 : depth, out);
                out.append(i + 1 < node.size() ? comma : open);
            }
            indent(depth, out);
            out.append(']');
        } else {
            out.append(Json.write(node));
        }
    }

    private static void indent(int depth, StringBuilder out) {
        if (depth >= 0) {
            out.append("    ".repeat(depth));
        }
    }
}
