package io.bootsim.apiserver.storage;

import io.bootsim.core.api.StatusException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Status;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Strategic merge patch (k8s.io/apimachinery pkg/util/strategicpatch), what kubectl patch and
 * client-side kubectl apply send. Maps merge and null deletes a key, like a merge patch; a list
 * whose field declares {@code patchStrategy:"merge"} merges item by item on its patchMergeKey
 * (or as a set, for primitives); every other list is replaced. Directives: {@code $patch}
 * (replace, delete, merge) in maps and merge-keyed list items, {@code $retainKeys},
 * {@code $deleteFromPrimitiveList/<field>} and {@code $setElementOrder/<field>}.
 */
final class StrategicMergePatch {

    private StrategicMergePatch() {
    }

    private static final String PATCH = "$patch";
    private static final String RETAIN_KEYS = "$retainKeys";
    private static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/";
    private static final String SET_ELEMENT_ORDER = "$setElementOrder/";

    static ObjectNode apply(ObjectNode current, JsonNode patch, PatchSchema schema) {
        if (!patch.isObject()) {
            throw new StatusException(Status.badRequest(
                    "json: cannot unmarshal array into Go value of type map[string]interface {}"));
        }
        ObjectNode merged = mergeMap(current.deepCopy(), (ObjectNode) patch, "", schema);
        return merged == null ? JsonNodeFactory.instance.objectNode() : merged;
    }

    /** Merges {@code patch} into {@code original} (modified in place); null when the patch deletes the map. */
    private static ObjectNode mergeMap(ObjectNode original, ObjectNode patch, String path, PatchSchema schema) {
        JsonNode directive = patch.get(PATCH);
        if (directive != null) {
            switch (directive.asText()) {
                case "delete" -> {
                    return null;
                }
                case "replace" -> {
                    ObjectNode replacement = patch.deepCopy();
                    replacement.remove(PATCH);
                    return mergeMap(JsonNodeFactory.instance.objectNode(), replacement, path, schema);
                }
                case "merge" -> {
                    // the default
                }
                default -> throw new StatusException(Status.internalError(
                        "unknown patch type: " + directive.asText() + " in map: " + goString(patch)));
            }
        }
        if (patch.has(RETAIN_KEYS)) {
            retainKeys(original, patch);
        }
        // $setElementOrder orders against the list as the server had it before this patch
        Map<String, List<JsonNode>> serverOrders = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            String key = e.getKey();
            if (key.startsWith(SET_ELEMENT_ORDER)) {
                String field = key.substring(SET_ELEMENT_ORDER.length());
                List<JsonNode> ids = new ArrayList<>();
                original.path(field).forEach(item -> ids.add(identity(item, mergeKey(schema, path, field))));
                serverOrders.put(field, ids);
            }
        }
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            String key = e.getKey();
            if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
                deleteFromPrimitiveList(original, key.substring(DELETE_FROM_PRIMITIVE_LIST.length()), e.getValue());
            }
        }
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            String key = e.getKey();
            if (key.equals(PATCH) || key.equals(RETAIN_KEYS) || key.startsWith(DELETE_FROM_PRIMITIVE_LIST)
                    || key.startsWith(SET_ELEMENT_ORDER)) {
                continue;
            }
            if (e.getValue().isNull()) {
                original.remove(key);
                continue;
            }
            JsonNode merged = mergeValue(original.get(key), e.getValue(), child(path, key), schema);
            if (merged == null) {
                original.remove(key);
            } else {
                original.set(key, merged);
            }
        }
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            if (e.getKey().startsWith(SET_ELEMENT_ORDER)) {
                String field = e.getKey().substring(SET_ELEMENT_ORDER.length());
                setElementOrder(original, field, e.getValue(), mergeKey(schema, path, field), serverOrders.get(field));
            }
        }
        return original;
    }

    private static JsonNode mergeValue(JsonNode original, JsonNode patch, String path, PatchSchema schema) {
        if (patch.isObject()) {
            ObjectNode base = original != null && original.isObject() ? (ObjectNode) original : JsonNodeFactory.instance.objectNode();
            return mergeMap(base, (ObjectNode) patch, path, schema);
        }
        if (patch.isArray() && schema.merges(path)) {
            ArrayNode base = original != null && original.isArray() ? (ArrayNode) original : JsonNodeFactory.instance.arrayNode();
            String mergeKey = schema.mergeKey(path);
            return mergeKey.isEmpty() ? mergePrimitives(base, (ArrayNode) patch) : mergeByKey(base, (ArrayNode) patch, mergeKey, path, schema);
        }
        return patch.deepCopy();
    }

    /** A merged list of primitives is the union, original order first. */
    private static ArrayNode mergePrimitives(ArrayNode original, ArrayNode patch) {
        ArrayNode result = original.deepCopy();
        for (JsonNode item : patch) {
            if (item.isContainerNode()) {
                throw new StatusException(Status.badRequest("invalid patch format of primitive list"));
            }
            if (!contains(result, item)) {
                result.add(item.deepCopy());
            }
        }
        return result;
    }

    private static ArrayNode mergeByKey(ArrayNode original, ArrayNode patch, String mergeKey, String path, PatchSchema schema) {
        for (JsonNode item : patch) {
            if (item.isObject() && "replace".equals(item.path(PATCH).asText())) {
                ArrayNode replacement = JsonNodeFactory.instance.arrayNode();
                for (JsonNode other : patch) {
                    if (other != item) {
                        replacement.add(other);
                    }
                }
                return mergeByKey(JsonNodeFactory.instance.arrayNode(), replacement, mergeKey, path, schema);
            }
        }
        ArrayNode result = original.deepCopy();
        for (JsonNode item : patch) {
            if (!item.isObject()) {
                throw new StatusException(Status.internalError(
                        "unable to find api field in struct for the list item " + goString(item) + " of " + path));
            }
            JsonNode keyValue = item.get(mergeKey);
            if (keyValue == null) {
                throw new StatusException(Status.internalError(
                        "map: " + goString(item) + " does not contain declared merge key: " + mergeKey));
            }
            int index = indexOf(result, mergeKey, keyValue);
            if ("delete".equals(item.path(PATCH).asText())) {
                while (index >= 0) {
                    result.remove(index);
                    index = indexOf(result, mergeKey, keyValue);
                }
                continue;
            }
            ObjectNode base = index >= 0 ? (ObjectNode) result.get(index) : JsonNodeFactory.instance.objectNode();
            ObjectNode merged = mergeMap(base, (ObjectNode) item, path, schema);
            if (index < 0 && merged != null) {
                result.add(merged);
            } else if (index >= 0 && merged == null) {
                result.remove(index);
            }
        }
        return result;
    }

    private static void retainKeys(ObjectNode original, ObjectNode patch) {
        JsonNode keys = patch.get(RETAIN_KEYS);
        if (!keys.isArray()) {
            throw new StatusException(Status.badRequest("invalid patch format of retainKeys"));
        }
        List<String> retained = new ArrayList<>();
        keys.forEach(k -> retained.add(k.asText()));
        patch.fieldNames().forEachRemaining(name -> {
            if (!name.startsWith("$") && !retained.contains(name)) {
                throw new StatusException(Status.unprocessable(), "patch content doesn't match retainKeys list");
            }
        });
        original.retain(retained);
    }

    private static void deleteFromPrimitiveList(ObjectNode original, String field, JsonNode values) {
        if (!values.isArray()) {
            throw new StatusException(Status.badRequest("invalid patch format of primitive list"));
        }
        if (original.get(field) instanceof ArrayNode list) {
            for (int i = list.size() - 1; i >= 0; i--) {
                if (contains(values, list.get(i))) {
                    list.remove(i);
                }
            }
        }
    }

    /**
     * Puts the items the patch lists in $setElementOrder in that order, keeping the items only the
     * server has where they were relative to them (upstream normalizeElementOrder).
     */
    private static void setElementOrder(ObjectNode original, String field, JsonNode order, String mergeKey,
                                        List<JsonNode> serverOrder) {
        if (!order.isArray()) {
            throw new StatusException(Status.badRequest("invalid patch format of setElementOrder list"));
        }
        if (!(original.get(field) instanceof ArrayNode list)) {
            return;
        }
        List<JsonNode> wanted = new ArrayList<>();
        order.forEach(entry -> wanted.add(mergeKey.isEmpty() ? entry : entry.get(mergeKey)));
        List<JsonNode> merged = new ArrayList<>();
        list.forEach(item -> merged.add(identity(item, mergeKey)));
        List<JsonNode> ordered = new ArrayList<>();
        for (JsonNode id : wanted) {
            int i = merged.indexOf(id);
            if (id != null && i >= 0) {
                ordered.add(list.get(i));
            }
        }
        List<JsonNode> serverOnly = new ArrayList<>();
        list.forEach(item -> {
            if (!wanted.contains(identity(item, mergeKey))) {
                serverOnly.add(item);
            }
        });
        ArrayNode result = JsonNodeFactory.instance.arrayNode();
        int p = 0;
        int s = 0;
        while (p < ordered.size() || s < serverOnly.size()) {
            boolean takePatch;
            if (p == ordered.size()) {
                takePatch = false;
            } else if (s == serverOnly.size()) {
                takePatch = true;
            } else {
                // upstream mergeSortedSlice: by server position when both had one, else the patch item first
                int pi = serverOrder.indexOf(identity(ordered.get(p), mergeKey));
                int si = serverOrder.indexOf(identity(serverOnly.get(s), mergeKey));
                takePatch = pi < 0 || si < 0 || pi < si;
            }
            result.add(takePatch ? ordered.get(p++) : serverOnly.get(s++));
        }
        original.set(field, result);
    }

    /** The merge key of the list {@code field} under {@code path}, "" when it has none or merges primitives. */
    private static String mergeKey(PatchSchema schema, String path, String field) {
        String listPath = child(path, field);
        return schema.merges(listPath) ? schema.mergeKey(listPath) : "";
    }

    private static JsonNode identity(JsonNode item, String mergeKey) {
        return mergeKey.isEmpty() ? item : item.get(mergeKey);
    }

    private static int indexOf(ArrayNode list, String mergeKey, JsonNode keyValue) {
        for (int i = 0; i < list.size(); i++) {
            if (keyValue.equals(list.get(i).get(mergeKey))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean contains(JsonNode array, JsonNode value) {
        for (JsonNode item : array) {
            if (item.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Go's %v of a decoded JSON value: map[k:v] with sorted keys, [a b], <nil>. */
    private static String goString(JsonNode node) {
        if (node.isObject()) {
            TreeMap<String, String> sorted = new TreeMap<>();
            node.properties().forEach(e -> sorted.put(e.getKey(), goString(e.getValue())));
            List<String> pairs = new ArrayList<>();
            sorted.forEach((k, v) -> pairs.add(k + ":" + v));
            return "map[" + String.join(" ", pairs) + "]";
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(i -> items.add(goString(i)));
            return "[" + String.join(" ", items) + "]";
        }
        return node.isNull() ? "<nil>" : node.asText();
    }
}
