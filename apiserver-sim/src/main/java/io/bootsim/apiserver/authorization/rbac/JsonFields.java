package io.bootsim.apiserver.authorization.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the fields of an RBAC object's JSON with errors that name the field path and what was
 * found, as a decode error from the API would (never a Jackson stack trace).
 */
final class JsonFields {

    private JsonFields() {
    }

    static String string(JsonNode parent, String field, String path) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw invalid(path + field, "a string", v);
        }
        return v.asText();
    }

    static List<String> strings(JsonNode parent, String field, String path) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw invalid(path + field, "an array of strings", v);
        }
        List<String> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                throw invalid(path + field + "[" + i + "]", "a string", v.get(i));
            }
            out.add(v.get(i).asText());
        }
        return out;
    }

    static Map<String, String> stringMap(JsonNode parent, String field, String path) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            return Map.of();
        }
        if (!v.isObject()) {
            throw invalid(path + field, "an object of strings", v);
        }
        Map<String, String> out = new LinkedHashMap<>();
        v.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw invalid(path + field + "." + e.getKey(), "a string", e.getValue());
            }
            out.put(e.getKey(), e.getValue().asText());
        });
        return out;
    }

    static List<JsonNode> objects(JsonNode parent, String field, String path) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw invalid(path + field, "an array of objects", v);
        }
        List<JsonNode> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isObject()) {
                throw invalid(path + field + "[" + i + "]", "an object", v.get(i));
            }
            out.add(v.get(i));
        }
        return out;
    }

    static JsonNode object(JsonNode parent, String field, String path) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw invalid(path + field, "an object", v);
        }
        return v;
    }

    /** Adds a string array, omitting it when empty (Go's omitempty). */
    static void putStrings(ObjectNode node, String field, List<String> values) {
        if (!values.isEmpty()) {
            ArrayNode array = node.putArray(field);
            values.forEach(array::add);
        }
    }

    static void putStringMap(ObjectNode node, String field, Map<String, String> values) {
        if (!values.isEmpty()) {
            ObjectNode map = node.putObject(field);
            values.forEach(map::put);
        }
    }

    static ObjectNode newObject() {
        return Json.object();
    }

    private static IllegalArgumentException invalid(String path, String expected, JsonNode found) {
        return new IllegalArgumentException(path + ": expected " + expected + ", found "
                + found.getNodeType().name().toLowerCase() + " " + found);
    }
}
