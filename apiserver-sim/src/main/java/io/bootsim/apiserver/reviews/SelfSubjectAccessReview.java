package io.bootsim.apiserver.reviews;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.authentication.UserInfo;
import io.bootsim.apiserver.authorization.Authorizer;
import io.bootsim.apiserver.validation.FieldError;
import io.bootsim.apiserver.validation.FieldPath;
import io.bootsim.apiserver.validation.GoValue;
import io.bootsim.core.version.KubeVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * POST selfsubjectaccessreviews ({@code kubectl auth can-i}): the chain is asked about the
 * requester itself, after impersonation, with the groups (system:authenticated included), uid and
 * extra authentication gave it. kubectl sends the context's namespace even for cluster-scoped
 * resources; it is passed on as given, and cluster-scoped rules still match.
 */
// upstream: pkg/registry/authorization/selfsubjectaccessreview/rest.go
public final class SelfSubjectAccessReview {

    public static final String KIND = "SelfSubjectAccessReview";

    private final Authorizer authorizer;
    private final KubeVersion version;

    public SelfSubjectAccessReview(Authorizer authorizer, KubeVersion version) {
        this.authorizer = authorizer;
        this.version = version;
    }

    /** @throws io.bootsim.core.api.StatusException 422 for an invalid spec or a non-empty metadata */
    public ObjectNode create(String apiVersion, ObjectNode body, UserInfo requester) {
        AccessReviewSpec spec = AccessReviewSpec.parse(body.path("spec"), "groups");
        List<FieldError> errors = new ArrayList<>(spec.validate(false));
        if (!GoObjectMeta.isEmpty(body.path("metadata"), false)) {
            errors.add(FieldError.invalid(FieldPath.of("metadata"),
                    new GoValue(GoObjectMeta.render(body.path("metadata"), version)), "must be empty"));
        }
        AccessReviewStatus.throwIfInvalid(errors);
        // the spec of a self review has no subject fields; any sent are dropped like unknown fields
        AccessReviewSpec attributesOnly = new AccessReviewSpec(spec.resource(), spec.nonResource(), "", List.of(),
                Map.of(), "");
        return AccessReviewStatus.response(KIND, apiVersion, AccessReviewStatus.metadata(""),
                attributesOnly.toJson("groups"), authorizer.authorize(spec.attributes(requester)));
    }
}
