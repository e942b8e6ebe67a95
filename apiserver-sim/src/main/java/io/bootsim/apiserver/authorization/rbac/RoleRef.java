package io.bootsim.apiserver.authorization.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** rbac/v1 RoleRef: the Role or ClusterRole a binding grants. */
public record RoleRef(String apiGroup, String kind, String name) {

    public static final String RBAC_GROUP = "rbac.authorization.k8s.io";
    public static final String ROLE = "Role";
    public static final String CLUSTER_ROLE = "ClusterRole";

    public static RoleRef clusterRole(String name) {
        return new RoleRef(RBAC_GROUP, CLUSTER_ROLE, name);
    }

    public static RoleRef role(String name) {
        return new RoleRef(RBAC_GROUP, ROLE, name);
    }

    /** The resource the bind check asks about: {@code roles} or {@code clusterroles}. */
    public String resource() {
        return ROLE.equals(kind) ? "roles" : "clusterroles";
    }

    public static RoleRef fromJson(JsonNode node, String path) {
        return new RoleRef(JsonFields.string(node, "apiGroup", path), JsonFields.string(node, "kind", path),
                JsonFields.string(node, "name", path));
    }

    public ObjectNode toJson() {
        return JsonFields.newObject().put("apiGroup", apiGroup).put("kind", kind).put("name", name);
    }
}
