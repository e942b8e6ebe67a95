package io.bootsim.apiserver.authorization.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.bootsim.core.api.GoFormat;

import java.util.List;

/** rbac/v1 ClusterRoleBinding: grants a ClusterRole's rules cluster-wide to its subjects. */
public record ClusterRoleBinding(ObjectMeta metadata, RoleRef roleRef, List<Subject> subjects) implements Binding {

    public static final String KIND = "ClusterRoleBinding";

    public ClusterRoleBinding {
        subjects = List.copyOf(subjects);
    }

    @Override
    public String namespace() {
        return "";
    }

    /** {@code ClusterRoleBinding "b" of ClusterRole "r" to Group "g"} (upstream clusterRoleBindingDescriber). */
    @Override
    public String describe(Subject subject) {
        return KIND + " " + GoFormat.quote(name()) + " of " + roleRef.kind() + " "
                + GoFormat.quote(roleRef.name()) + " to " + subject.describe("");
    }

    public static ClusterRoleBinding fromJson(JsonNode node) {
        ObjectMeta meta = ObjectMeta.fromJson(node, KIND);
        try {
            return new ClusterRoleBinding(meta, RbacJson.roleRef(node), RbacJson.subjects(node));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(meta.where(KIND) + e.getMessage(), e);
        }
    }

    public ObjectNode toJson() {
        return RbacJson.bindingJson(KIND, this);
    }
}
