package io.bootsim.apiserver.registry.rbac;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.authorization.rbac.ClusterRole;
import io.bootsim.apiserver.authorization.rbac.ClusterRoleBinding;
import io.bootsim.apiserver.authorization.rbac.EscalationCheck;
import io.bootsim.apiserver.authorization.rbac.Role;
import io.bootsim.apiserver.authorization.rbac.RoleBinding;
import io.bootsim.apiserver.endpoints.ApiRequest;
import io.bootsim.apiserver.endpoints.WriteCheck;
import io.bootsim.core.api.Status;

import java.util.Optional;

/**
 * RBAC's registry-level rule: a user may write a role or binding only with every permission it
 * grants, or with the escalate/bind verbs (pkg/registry/rbac/clusterrole/policybased/storage.go and its siblings).
 */
public final class RbacEscalationPrevention implements WriteCheck {

    private final EscalationCheck check;

    public RbacEscalationPrevention(EscalationCheck check) {
        this.check = check;
    }

    @Override
    public Optional<Status> check(ApiRequest request, ObjectNode object, ObjectNode old) {
        if (object == null || !request.info().apiGroup().equals("rbac.authorization.k8s.io")
                || !request.info().subresource().isEmpty()) {
            return Optional.empty();
        }
        return switch (request.info().resource()) {
            case "clusterroles" -> check.checkClusterRole(request.user(), ClusterRole.fromJson(object),
                    old == null ? null : ClusterRole.fromJson(old));
            case "roles" -> check.checkRole(request.user(), Role.fromJson(object));
            case "clusterrolebindings" -> check.checkBinding(request.user(), ClusterRoleBinding.fromJson(object));
            case "rolebindings" -> check.checkBinding(request.user(), RoleBinding.fromJson(object));
            default -> Optional.empty();
        };
    }
}
