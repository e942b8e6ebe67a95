package io.bootsim.scenario.yaml;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value that remembers where it was written, so that every error in a scenario file can
 * name the file, line and field.
 */
public sealed interface Node {

    Location location();

    /** A mapping, keys in file order; each key keeps its own location for "unknown field" errors. */
    record MapNode(Location location, LinkedHashMap<String, Node> entries, Map<String, Location> keys) implements Node {
    }

    record ListNode(Location location, List<Node> items) implements Node {
    }

    /** A scalar as written (numbers keep their text: 1.10 stays "1.10"); {@code null} for ~ and empty values. */
    record Scalar(Location location, String text) implements Node {
    }

    /** A position in a scenario file, 1-based as editors show it. */
    record Location(String file, int line, int column) {
        @Override
        public String toString() {
            return file + ":" + line + ":" + column;
        }
    }
}
