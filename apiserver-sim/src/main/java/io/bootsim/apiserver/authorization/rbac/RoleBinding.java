package io.bootsim.apiserver.authorization.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.GoFormat;

import java.util.List;

/**
 * rbac/v1 RoleBinding: grants a Role, or a ClusterRole's rules, inside its own namespace only.
 * ServiceAccount subjects without a namespace mean the binding's namespace.
 */
public record RoleBinding(ObjectMeta metadata, RoleRef roleRef, List<Subject> subjects) implements Binding {

    public static final String KIND = "RoleBinding";

    public RoleBinding {
        subjects = List.copyOf(subjects);
    }

    @Override
    public String namespace() {
        return metadata.namespace();
    }

    /** {@code RoleBinding "b/ns" of Role "r" to User "u"} (upstream roleBindingDescriber). */
    @Override
    public String describe(Subject subject) {
        return KIND + " " + GoFormat.quote(name() + "/" + namespace()) + " of " + roleRef.kind() + " "
                + GoFormat.quote(roleRef.name()) + " to " + subject.describe(namespace());
    }

    public static RoleBinding fromJson(JsonNode node) {
        ObjectMeta meta = ObjectMeta.fromJson(node, KIND);
        try {
            return new RoleBinding(meta, RbacJson.roleRef(node), RbacJson.subjects(node));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(meta.where(KIND) + e.getMessage(), e);
        }
    }

    public ObjectNode toJson() {
        return RbacJson.bindingJson(KIND, this);
    }
}
