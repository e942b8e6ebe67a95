package io.bootsim.apiserver.authentication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** Loads the upstream vector tables kept as YAML next to the tests. */
final class Vectors {

    private Vectors() {
    }

    static JsonNode load(String resource) {
        try (InputStream in = Vectors.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return Json.yaml().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The {@code cases} list; each case is shown by its {@code id}. A field written
     * {@code {shared: key}} is replaced by the file's top-level value of that key.
     */
    static Stream<JsonNode> cases(String resource) {
        JsonNode root = load(resource);
        return StreamSupport.stream(root.get("cases").spliterator(), false).map(c -> {
            ObjectNode resolved = ((ObjectNode) c).deepCopy();
            c.fields().forEachRemaining(f -> {
                if (f.getValue().has("shared")) {
                    resolved.set(f.getKey(), root.get(f.getValue().get("shared").asText()));
                }
            });
            return new Named(resolved);
        });
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static UserInfo user(JsonNode u) {
        Map<String, List<String>> extra = new LinkedHashMap<>();
        u.path("extra").fields().forEachRemaining(e -> extra.put(e.getKey(), strings(e.getValue())));
        return new UserInfo(u.get("name").asText(), u.path("uid").asText(""), strings(u.path("groups")), extra);
    }

    /** A JsonNode whose toString is its id, so parameterized test names read as the vector ids. */
    private static final class Named extends ObjectNode {
        private static final long serialVersionUID = 1L;

        Named(JsonNode node) {
            super(Json.mapper().getNodeFactory());
            setAll((ObjectNode) node);
        }

        @Override
        public String toString() {
            return path("id").asText();
        }
    }
}
