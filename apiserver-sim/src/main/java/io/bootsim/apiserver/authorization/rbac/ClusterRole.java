package io.bootsim.apiserver.authorization.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * rbac/v1 ClusterRole. With an aggregationRule its rules are the union of the rules of every
 * ClusterRole matched by one of the selectors (see {@link ClusterRoleAggregation}).
 */
public record ClusterRole(ObjectMeta metadata, List<PolicyRule> rules, List<LabelSelector> aggregationRule) {

    public static final String KIND = "ClusterRole";

    public ClusterRole {
        rules = List.copyOf(rules);
        aggregationRule = aggregationRule == null ? null : List.copyOf(aggregationRule);
    }

    public String name() {
        return metadata.name();
    }

    public boolean aggregated() {
        return aggregationRule != null;
    }

    public ClusterRole withRules(List<PolicyRule> newRules) {
        return new ClusterRole(metadata, newRules, aggregationRule);
    }

    public static ClusterRole fromJson(JsonNode node) {
        ObjectMeta meta = ObjectMeta.fromJson(node, KIND);
        try {
            List<PolicyRule> rules = RbacJson.rules(node);
            JsonNode aggregation = JsonFields.object(node, "aggregationRule", "");
            List<LabelSelector> selectors = null;
            if (aggregation != null) {
                selectors = new ArrayList<>();
                List<JsonNode> items = JsonFields.objects(aggregation, "clusterRoleSelectors", "aggregationRule.");
                for (int i = 0; i < items.size(); i++) {
                    selectors.add(LabelSelector.fromJson(items.get(i), "aggregationRule.clusterRoleSelectors[" + i + "]."));
                }
            }
            return new ClusterRole(meta, rules, selectors);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(meta.where(KIND) + e.getMessage(), e);
        }
    }

    public ObjectNode toJson() {
        ObjectNode node = RbacJson.header(KIND, metadata);
        RbacJson.putRules(node, rules);
        if (aggregationRule != null) {
            ArrayNode selectors = node.putObject("aggregationRule").putArray("clusterRoleSelectors");
            aggregationRule.forEach(s -> selectors.add(s.toJson()));
        }
        return node;
    }
}
