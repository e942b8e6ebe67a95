package io.bootsim.apiserver.authorization.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** rbac/v1 Role: rules that apply only inside its namespace. */
public record Role(ObjectMeta metadata, List<PolicyRule> rules) {

    public static final String KIND = "Role";

    public Role {
        rules = List.copyOf(rules);
    }

    public String name() {
        return metadata.name();
    }

    public String namespace() {
        return metadata.namespace();
    }

    public static Role fromJson(JsonNode node) {
        ObjectMeta meta = ObjectMeta.fromJson(node, KIND);
        try {
            return new Role(meta, RbacJson.rules(node));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(meta.where(KIND) + e.getMessage(), e);
        }
    }

    public ObjectNode toJson() {
        ObjectNode node = RbacJson.header(KIND, metadata);
        RbacJson.putRules(node, rules);
        return node;
    }
}
