package io.bootsim.apiserver.authorization.rbac;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * metav1.LabelSelector as aggregation rules use it: every matchLabels pair and every
 * matchExpressions requirement must hold (apimachinery pkg/apis/meta/v1/helpers.go).
 */
public record LabelSelector(Map<String, String> matchLabels, List<Requirement> matchExpressions) {

    public LabelSelector {
        matchLabels = Map.copyOf(matchLabels);
        matchExpressions = List.copyOf(matchExpressions);
    }

    public static LabelSelector matching(String key, String value) {
        return new LabelSelector(Map.of(key, value), List.of());
    }

    public boolean matches(Map<String, String> labels) {
        for (Map.Entry<String, String> e : matchLabels.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return matchExpressions.stream().allMatch(r -> r.matches(labels));
    }

    public static LabelSelector fromJson(JsonNode node, String path) {
        List<Requirement> requirements = new java.util.ArrayList<>();
        List<JsonNode> expressions = JsonFields.objects(node, "matchExpressions", path);
        for (int i = 0; i < expressions.size(); i++) {
            String p = path + "matchExpressions[" + i + "].";
            JsonNode e = expressions.get(i);
            String operator = JsonFields.string(e, "operator", p);
            if (!List.of("In", "NotIn", "Exists", "DoesNotExist").contains(operator)) {
                throw new IllegalArgumentException(p + "operator: Invalid value: \"" + operator
                        + "\": not a valid selector operator (In, NotIn, Exists, DoesNotExist)");
            }
            requirements.add(new Requirement(JsonFields.string(e, "key", p), operator, JsonFields.strings(e, "values", p)));
        }
        return new LabelSelector(JsonFields.stringMap(node, "matchLabels", path), requirements);
    }

    public com.fasterxml.jackson.databind.node.ObjectNode toJson() {
        var node = JsonFields.newObject();
        JsonFields.putStringMap(node, "matchLabels", new java.util.TreeMap<>(matchLabels));
        if (!matchExpressions.isEmpty()) {
            var array = node.putArray("matchExpressions");
            for (Requirement r : matchExpressions) {
                var e = array.addObject().put("key", r.key()).put("operator", r.operator());
                JsonFields.putStrings(e, "values", r.values());
            }
        }
        return node;
    }

    /** One matchExpressions entry: In, NotIn, Exists or DoesNotExist. */
    public record Requirement(String key, String operator, List<String> values) {
        public Requirement {
            values = List.copyOf(values);
        }

        boolean matches(Map<String, String> labels) {
            return switch (operator) {
                case "In" -> labels.containsKey(key) && values.contains(labels.get(key));
                case "NotIn" -> !labels.containsKey(key) || !values.contains(labels.get(key));
                case "Exists" -> labels.containsKey(key);
                case "DoesNotExist" -> !labels.containsKey(key);
                default -> false;
            };
        }
    }
}
