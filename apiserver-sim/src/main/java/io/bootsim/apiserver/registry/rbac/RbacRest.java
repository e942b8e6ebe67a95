package io.bootsim.apiserver.registry.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.authorization.rbac.RoleRef;
import io.bootsim.apiserver.authorization.rbac.Subject;
import io.bootsim.apiserver.registry.RestStrategy;
import io.bootsim.apiserver.validation.FieldError;
import io.bootsim.core.version.KubeVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The registries of the four RBAC kinds (pkg/registry/rbac/{role,clusterrole,rolebinding,
 * clusterrolebinding}/strategy.go): decoding applies the v1 defaults (a binding's roleRef and its
 * User and Group subjects get the rbac.authorization.k8s.io apiGroup), then the object is validated
 * as upstream does, and a binding's roleRef may never change.
 */
public final class RbacRest implements RestStrategy {

    /** Which of the four kinds a registry serves. */
    private enum Kind { ROLE, CLUSTER_ROLE, ROLE_BINDING, CLUSTER_ROLE_BINDING }

    private final Kind kind;
    private final RbacValidation validation;

    private RbacRest(Kind kind, KubeVersion version) {
        this.kind = kind;
        this.validation = new RbacValidation(version);
    }

    /** The strategies by "group/resource", as KubeApiServer registers them. */
    public static Map<String, RestStrategy> all(KubeVersion version) {
        String group = RoleRef.RBAC_GROUP + "/";
        return Map.of(
                group + "roles", new RbacRest(Kind.ROLE, version),
                group + "clusterroles", new RbacRest(Kind.CLUSTER_ROLE, version),
                group + "rolebindings", new RbacRest(Kind.ROLE_BINDING, version),
                group + "clusterrolebindings", new RbacRest(Kind.CLUSTER_ROLE_BINDING, version));
    }

    private boolean binding() {
        return kind == Kind.ROLE_BINDING || kind == Kind.CLUSTER_ROLE_BINDING;
    }

    // upstream: pkg/apis/rbac/v1/defaults.go (the same defaults exist for v1beta1 and v1alpha1)
    @Override
    public ObjectNode fromBody(ObjectNode body, String version) {
        if (!binding()) {
            return body;
        }
        if (body.path("roleRef").isObject() && body.path("roleRef").path("apiGroup").asText("").isEmpty()) {
            ((ObjectNode) body.get("roleRef")).put("apiGroup", RoleRef.RBAC_GROUP);
        }
        for (JsonNode subject : body.path("subjects")) {
            String subjectKind = subject.path("kind").asText("");
            if (subject.isObject() && subject.path("apiGroup").asText("").isEmpty()
                    && (subjectKind.equals(Subject.USER) || subjectKind.equals(Subject.GROUP))) {
                ((ObjectNode) subject).put("apiGroup", RoleRef.RBAC_GROUP);
            }
        }
        return body;
    }

    @Override
    public List<FieldError> validateCreate(ObjectNode object, String version) {
        return switch (kind) {
            case ROLE -> validation.role(object);
            case CLUSTER_ROLE -> validation.clusterRole(object);
            case ROLE_BINDING -> validation.roleBinding(object);
            case CLUSTER_ROLE_BINDING -> validation.clusterRoleBinding(object);
        };
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode object, ObjectNode old, String subresource, String version) {
        List<FieldError> errs = new ArrayList<>(validateCreate(object, version));
        if (binding()) {
            errs.addAll(RbacValidation.roleRefUnchanged(object, old));
        }
        return errs;
    }
}
