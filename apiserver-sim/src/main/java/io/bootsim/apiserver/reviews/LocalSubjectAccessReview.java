package io.bootsim.apiserver.reviews;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.authorization.Authorizer;
import io.bootsim.apiserver.validation.FieldError;
import io.bootsim.apiserver.validation.FieldPath;
import io.bootsim.apiserver.validation.GoValue;
import io.bootsim.core.api.Status;
import io.bootsim.core.api.StatusException;
import io.bootsim.core.version.KubeVersion;

import java.util.ArrayList;
import java.util.List;

/**
 * POST namespaces/{ns}/localsubjectaccessreviews: a SubjectAccessReview confined to one
 * namespace. The object's metadata.namespace must be the path's and the resource attributes'
 * namespace must equal it; non-resource attributes are refused.
 */
// upstream: pkg/registry/authorization/localsubjectaccessreview/rest.go, ValidateLocalSubjectAccessReview
public final class LocalSubjectAccessReview {

    public static final String KIND = "LocalSubjectAccessReview";

    private final Authorizer authorizer;
    private final KubeVersion version;

    public LocalSubjectAccessReview(Authorizer authorizer, KubeVersion version) {
        this.authorizer = authorizer;
        this.version = version;
    }

    /**
     * @param namespace the namespace of the request path; {@code body} as the handler decoded it
     *                  (from 1.20 the handler has already defaulted an empty metadata.namespace to it)
     * @throws StatusException 422 for an invalid review, 400 when the object's namespace is not the path's
     */
    public ObjectNode create(String apiVersion, String namespace, ObjectNode body) {
        String groupsField = AccessReviewSpec.groupsField(apiVersion);
        AccessReviewSpec spec = AccessReviewSpec.parse(body.path("spec"), groupsField);
        String objectNamespace = AccessReviewSpec.text(body.path("metadata"), "namespace");
        List<FieldError> errors = new ArrayList<>(spec.validate(true));
        if (!GoObjectMeta.isEmpty(body.path("metadata"), true)) {
            errors.add(FieldError.invalid(FieldPath.of("metadata"),
                    new GoValue(GoObjectMeta.render(body.path("metadata"), version)), "must be empty except for namespace"));
        }
        if (spec.resource() != null && !spec.resource().namespace().equals(objectNamespace)) {
            errors.add(FieldError.invalid(FieldPath.of("spec.resourceAttributes.namespace"), spec.resource().namespace(),
                    "must match metadata.namespace"));
        }
        if (spec.nonResource() != null) {
            errors.add(FieldError.invalid(FieldPath.of("spec.nonResourceAttributes"),
                    new GoValue(spec.nonResource().goSyntax()), "disallowed on this kind of request"));
        }
        AccessReviewStatus.throwIfInvalid(errors);
        if (namespace.isEmpty()) {
            throw new StatusException(Status.badRequest("namespace is required on this type: "));
        }
        if (!namespace.equals(objectNamespace)) {
            throw new StatusException(Status.badRequest("spec.resourceAttributes.namespace must match namespace: " + namespace));
        }
        return AccessReviewStatus.response(KIND, apiVersion, AccessReviewStatus.metadata(namespace),
                spec.toJson(groupsField), authorizer.authorize(spec.attributes(spec.subject())));
    }
}
