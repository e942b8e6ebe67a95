package io.bootsim.scenario.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads one YAML document into {@link Node}s, keeping Jackson's token locations. */
public final class YamlReader {

    private static final YAMLFactory FACTORY = new YAMLFactory();

    private YamlReader() {
    }

    /** @param file the name errors should show (the path as the user gave it) */
    public static Node read(String text, String file) throws ScenarioFileException {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new ScenarioFileException(new Node.Location(file, 1, 1), "", "the file is empty");
            }
            return value(parser, file);
        } catch (IOException e) {
            JsonLocation at = e instanceof com.fasterxml.jackson.core.JsonProcessingException p && p.getLocation() != null
                    ? p.getLocation() : JsonLocation.NA;
            String message = e instanceof com.fasterxml.jackson.core.JsonProcessingException p ? p.getOriginalMessage()
                    : e.getMessage();
            throw new ScenarioFileException(new Node.Location(file, Math.max(1, at.getLineNr()),
                    Math.max(1, at.getColumnNr())), "", "not valid YAML: " + message.lines().findFirst().orElse(""));
        }
    }

    private static Node value(JsonParser parser, String file) throws IOException, ScenarioFileException {
        Node.Location at = location(parser, file);
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                LinkedHashMap<String, Node> entries = new LinkedHashMap<>();
                Map<String, Node.Location> keys = new HashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    Node.Location keyAt = location(parser, file);
                    if (entries.containsKey(key)) {
                        throw new ScenarioFileException(keyAt, key, "appears twice in the same mapping");
                    }
                    parser.nextToken();
                    keys.put(key, keyAt);
                    entries.put(key, value(parser, file));
                }
                return new Node.MapNode(at, entries, keys);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value(parser, file));
                }
                return new Node.ListNode(at, items);
            }
            case VALUE_NULL -> {
                return new Node.Scalar(at, null);
            }
            default -> {
                return new Node.Scalar(at, parser.getText());
            }
        }
    }

    private static Node.Location location(JsonParser parser, String file) {
        JsonLocation l = parser.currentTokenLocation();
        return new Node.Location(file, l.getLineNr(), l.getColumnNr());
    }
}
