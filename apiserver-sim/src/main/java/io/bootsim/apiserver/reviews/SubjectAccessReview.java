package io.bootsim.apiserver.reviews;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.authorization.Authorizer;
import io.bootsim.apiserver.validation.FieldError;
import io.bootsim.apiserver.validation.FieldPath;
import io.bootsim.apiserver.validation.GoValue;
import io.bootsim.core.version.KubeVersion;

import java.util.ArrayList;
import java.util.List;

/**
 * POST subjectaccessreviews: asks the whole authorizer chain (system:masters and Node included)
 * about the subject exactly as the spec names it; nothing, not even system:authenticated, is
 * added. The controller-manager's CSR approver and webhook-authorizing kubelets send these.
 */
// upstream: pkg/registry/authorization/subjectaccessreview/rest.go
public final class SubjectAccessReview {

    public static final String KIND = "SubjectAccessReview";

    private final Authorizer authorizer;
    private final KubeVersion version;

    public SubjectAccessReview(Authorizer authorizer, KubeVersion version) {
        this.authorizer = authorizer;
        this.version = version;
    }

    /**
     * @param apiVersion the group version of the request path, e.g. {@code authorization.k8s.io/v1}
     * @throws io.bootsim.core.api.StatusException 422 for an invalid spec or a non-empty metadata
     */
    public ObjectNode create(String apiVersion, ObjectNode body) {
        String groupsField = AccessReviewSpec.groupsField(apiVersion);
        AccessReviewSpec spec = AccessReviewSpec.parse(body.path("spec"), groupsField);
        List<FieldError> errors = new ArrayList<>(spec.validate(true));
        if (!GoObjectMeta.isEmpty(body.path("metadata"), false)) {
            errors.add(FieldError.invalid(FieldPath.of("metadata"),
                    new GoValue(GoObjectMeta.render(body.path("metadata"), version)), "must be empty"));
        }
        AccessReviewStatus.throwIfInvalid(errors);
        return AccessReviewStatus.response(KIND, apiVersion, AccessReviewStatus.metadata(""), spec.toJson(groupsField),
                authorizer.authorize(spec.attributes(spec.subject())));
    }
}
