package io.bootsim.apiserver.authorization.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/** The rbac.authorization.k8s.io/v1 wire form shared by the four RBAC kinds. */
final class RbacJson {

    static final String API_VERSION = RoleRef.RBAC_GROUP + "/v1";

    private RbacJson() {
    }

    static List<PolicyRule> rules(JsonNode node) {
        List<JsonNode> items = JsonFields.objects(node, "rules", "");
        List<PolicyRule> rules = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            rules.add(PolicyRule.fromJson(items.get(i), "rules[" + i + "]."));
        }
        return rules;
    }

    static RoleRef roleRef(JsonNode node) {
        JsonNode ref = JsonFields.object(node, "roleRef", "");
        if (ref == null) {
            throw new IllegalArgumentException("roleRef: Required value");
        }
        return RoleRef.fromJson(ref, "roleRef.");
    }

    static List<Subject> subjects(JsonNode node) {
        List<JsonNode> items = JsonFields.objects(node, "subjects", "");
        List<Subject> subjects = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            subjects.add(Subject.fromJson(items.get(i), "subjects[" + i + "]."));
        }
        return subjects;
    }

    static ObjectNode header(String kind, ObjectMeta metadata) {
        ObjectNode node = JsonFields.newObject().put("kind", kind).put("apiVersion", API_VERSION);
        node.set("metadata", metadata.toJson());
        return node;
    }

    static void putRules(ObjectNode node, List<PolicyRule> rules) {
        ArrayNode array = node.putArray("rules");
        rules.forEach(r -> array.add(r.toJson()));
    }

    static ObjectNode bindingJson(String kind, Binding binding) {
        ObjectNode node = header(kind, binding.metadata());
        if (!binding.subjects().isEmpty()) {
            ArrayNode subjects = node.putArray("subjects");
            binding.subjects().forEach(s -> subjects.add(s.toJson()));
        }
        node.set("roleRef", binding.roleRef().toJson());
        return node;
    }
}
