package io.bootsim.apiserver.storage;

import io.bootsim.core.api.StatusException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Status;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6902 JSON patch (add, remove, replace, move, copy, test) over JSON pointers. A malformed
 * patch is a 400; an operation that does not apply is the 422 kube-apiserver answers with a
 * generic message (handlers/patch.go), the precise reason (in the words of evanphx/json-patch,
 * the library upstream uses) kept in the exception's message.
 */
final class JsonPatch {

    private JsonPatch() {
    }

    /** kube-apiserver refuses longer patches (handlers/patch.go maxJSONPatchOperations). */
    private static final int MAX_OPERATIONS = 10000;

    static ObjectNode apply(ObjectNode current, JsonNode patch) {
        if (!patch.isArray()) {
            throw new StatusException(Status.badRequest(
                    "json: cannot unmarshal " + kind(patch) + " into Go value of type jsonpatch.Patch"));
        }
        if (patch.size() > MAX_OPERATIONS) {
            throw new StatusException(Status.failure(413, "RequestEntityTooLarge",
                    "Request entity too large: The allowed maximum operations in a JSON patch is " + MAX_OPERATIONS
                            + ", got " + patch.size(), null));
        }
        JsonNode doc = current.deepCopy();
        for (JsonNode op : patch) {
            if (!op.isObject()) {
                throw new StatusException(Status.badRequest(
                        "json: cannot unmarshal " + kind(op) + " into Go value of type jsonpatch.Operation"));
            }
            doc = applyOne(doc, op);
        }
        if (!doc.isObject()) {
            throw failed("the patched document is not a JSON object");
        }
        return (ObjectNode) doc;
    }

    private static JsonNode applyOne(JsonNode doc, JsonNode op) {
        String kind = op.path("op").asText("unknown");
        String path = op.path("path").asText("");
        JsonNode value = op.has("value") ? op.get("value").deepCopy() : com.fasterxml.jackson.databind.node.NullNode.instance;
        return switch (kind) {
            case "add" -> add(doc, path, value, "add");
            case "remove" -> remove(doc, path);
            case "replace" -> {
                if (get(doc, path) == null) {
                    throw failed("replace operation does not apply: doc is missing key: " + path + ": missing value");
                }
                yield path.isEmpty() ? value : set(doc, path, value);
            }
            case "move" -> {
                String from = op.path("from").asText("");
                JsonNode moved = get(doc, from);
                if (moved == null) {
                    throw failed("move operation does not apply: doc is missing from path: " + from + ": missing value");
                }
                yield add(remove(doc, from), path, moved, "move");
            }
            case "copy" -> {
                String from = op.path("from").asText("");
                JsonNode copied = get(doc, from);
                if (copied == null) {
                    throw failed("copy operation does not apply: doc is missing from path: " + from + ": missing value");
                }
                yield add(doc, path, copied.deepCopy(), "copy");
            }
            case "test" -> {
                JsonNode actual = get(doc, path);
                boolean equal = actual == null ? value.isNull() : actual.equals(value);
                if (!equal) {
                    throw failed("testing value " + path + " failed: test failed");
                }
                yield doc;
            }
            default -> throw failed("Unexpected kind: " + kind);
        };
    }

    private static JsonNode add(JsonNode doc, String path, JsonNode value, String operation) {
        if (path.isEmpty()) {
            return value;
        }
        List<String> tokens = tokens(path);
        JsonNode parent = resolve(doc, tokens.subList(0, tokens.size() - 1));
        String last = tokens.get(tokens.size() - 1);
        if (parent instanceof ObjectNode object) {
            object.set(last, value);
        } else if (parent instanceof ArrayNode array) {
            int index = last.equals("-") ? array.size() : index(last, array.size() + 1, path, operation);
            array.insert(index, value);
        } else {
            throw failed(operation + " operation does not apply: doc is missing path: \"" + path + "\": missing value");
        }
        return doc;
    }

    private static JsonNode remove(JsonNode doc, String path) {
        List<String> tokens = tokens(path);
        if (tokens.isEmpty()) {
            throw failed("remove operation does not apply: doc is missing path: \"" + path + "\": missing value");
        }
        JsonNode parent = resolve(doc, tokens.subList(0, tokens.size() - 1));
        String last = tokens.get(tokens.size() - 1);
        if (parent instanceof ObjectNode object && object.has(last)) {
            object.remove(last);
        } else if (parent instanceof ArrayNode array) {
            array.remove(index(last, array.size(), path, "remove"));
        } else if (parent instanceof ObjectNode) {
            throw failed("error in remove for path: '" + path + "': Unable to remove nonexistent key: " + last
                    + ": missing value");
        } else {
            throw failed("remove operation does not apply: doc is missing path: \"" + path + "\": missing value");
        }
        return doc;
    }

    private static JsonNode set(JsonNode doc, String path, JsonNode value) {
        List<String> tokens = tokens(path);
        JsonNode parent = resolve(doc, tokens.subList(0, tokens.size() - 1));
        String last = tokens.get(tokens.size() - 1);
        if (parent instanceof ObjectNode object) {
            object.set(last, value);
        } else {
            ArrayNode array = (ArrayNode) parent;
            array.set(index(last, array.size(), path, "replace"), value);
        }
        return doc;
    }

    /** The node at {@code path}, or null. */
    private static JsonNode get(JsonNode doc, String path) {
        return resolve(doc, tokens(path));
    }

    private static JsonNode resolve(JsonNode doc, List<String> tokens) {
        JsonNode node = doc;
        for (String token : tokens) {
            if (node == null) {
                return null;
            }
            if (node.isObject()) {
                node = node.get(token);
            } else if (node.isArray()) {
                try {
                    int i = Integer.parseInt(token);
                    node = i >= 0 && i < node.size() ? node.get(i) : null;
                } catch (NumberFormatException e) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return node;
    }

    private static int index(String token, int bound, String path, String operation) {
        try {
            int i = Integer.parseInt(token);
            if (i >= 0 && i < bound) {
                return i;
            }
        } catch (NumberFormatException e) {
            // falls through to the invalid-index error
        }
        throw failed("error in " + operation + " for path: '" + path + "': Unable to access invalid index: "
                + token + ": invalid index referenced");
    }

    /** RFC 6901 reference tokens: "~1" is "/", "~0" is "~". */
    private static List<String> tokens(String pointer) {
        List<String> tokens = new ArrayList<>();
        if (pointer.isEmpty()) {
            return tokens;
        }
        if (!pointer.startsWith("/")) {
            throw failed("JSON pointer must be empty or start with a \"/\": " + pointer);
        }
        for (String raw : pointer.substring(1).split("/", -1)) {
            tokens.add(raw.replace("~1", "/").replace("~0", "~"));
        }
        return tokens;
    }

    private static StatusException failed(String reason) {
        return new StatusException(Status.unprocessable(), reason);
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> "object";
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "bool";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
