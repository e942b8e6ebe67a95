package io.bootsim.apiserver.registry.rbac;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.authorization.rbac.ClusterRole;
import io.bootsim.apiserver.authorization.rbac.ClusterRoleBinding;
import io.bootsim.apiserver.authorization.rbac.RbacIndex;
import io.bootsim.apiserver.authorization.rbac.Role;
import io.bootsim.apiserver.authorization.rbac.RoleBinding;
import io.bootsim.apiserver.endpoints.StoreObserver;
import io.bootsim.apiserver.storage.ResourceType;

/**
 * Keeps the RBAC authorizer's index in step with stored Roles, ClusterRoles and their bindings, as
 * upstream's RBAC authorizer reads them from informers. Updated synchronously after each write, so
 * a binding is in force for the very next request.
 */
public final class RbacIndexFeed implements StoreObserver {

    private static final String GROUP = "rbac.authorization.k8s.io";
    private final RbacIndex index;

    public RbacIndexFeed(RbacIndex index) {
        this.index = index;
    }

    @Override
    public void written(ResourceType type, ObjectNode object) {
        if (!type.group().equals(GROUP)) {
            return;
        }
        switch (type.resource()) {
            case "clusterroles" -> index.putClusterRole(ClusterRole.fromJson(object));
            case "roles" -> index.putRole(Role.fromJson(object));
            case "clusterrolebindings" -> index.putClusterRoleBinding(ClusterRoleBinding.fromJson(object));
            case "rolebindings" -> index.putRoleBinding(RoleBinding.fromJson(object));
            default -> { }
        }
    }

    @Override
    public void deleted(ResourceType type, ObjectNode object) {
        if (!type.group().equals(GROUP)) {
            return;
        }
        String namespace = object.path("metadata").path("namespace").asText("");
        String name = object.path("metadata").path("name").asText("");
        switch (type.resource()) {
            case "clusterroles" -> index.removeClusterRole(name);
            case "roles" -> index.removeRole(namespace, name);
            case "clusterrolebindings" -> index.removeClusterRoleBinding(name);
            case "rolebindings" -> index.removeRoleBinding(namespace, name);
            default -> { }
        }
    }
}
