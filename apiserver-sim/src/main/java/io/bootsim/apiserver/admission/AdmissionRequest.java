package io.bootsim.apiserver.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.authentication.UserInfo;
import io.bootsim.apiserver.validation.GoValue;
import io.bootsim.core.api.Status;

/**
 * admission.Attributes: one write as the plugins see it. {@code name} is the name in the path; on
 * create, when the path has none, the new object's metadata.name (the create handler does this
 * before admission, so generated names are not known yet). {@code newObject} is null for delete,
 * {@code oldObject} null for create.
 */
// upstream: staging/src/k8s.io/apiserver/pkg/admission/attributes.go, endpoints/handlers/create.go
public record AdmissionRequest(UserInfo user, Operation operation, String group, String resource, String subresource,
                               String namespace, String name, ObjectNode newObject, ObjectNode oldObject) {

    public AdmissionRequest {
        group = group == null ? "" : group;
        subresource = subresource == null ? "" : subresource;
        namespace = namespace == null ? "" : namespace;
        name = name == null ? "" : name;
        if (name.isEmpty() && operation == Operation.CREATE && newObject != null) {
            name = newObject.path("metadata").path("name").asText("");
        }
    }

    /**
     * admission.NewForbidden: {@code <resource>[.<group>] "<name>" is forbidden: <reason>}, where a
     * nameless request is named after the object's generateName, or "Unknown".
     */
    // upstream: staging/src/k8s.io/apiserver/pkg/admission/errors.go
    public Status forbidden(String reason) {
        String shown = name;
        if (shown.isEmpty()) {
            String generateName = newObject == null ? "" : newObject.path("metadata").path("generateName").asText("");
            shown = generateName.isEmpty() ? "Unknown" : generateName;
        }
        return Status.forbidden(group, resource, shown,
                Status.qualified(group, resource) + " " + GoValue.quote(shown) + " is forbidden: " + reason);
    }
}
