package io.bootsim.apiserver.reviews;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.authorization.Decision;
import io.bootsim.apiserver.validation.FieldError;
import io.bootsim.apiserver.validation.InvalidError;
import io.bootsim.core.api.Json;

import java.util.List;

/**
 * What every access review answers: the request re-encoded with status {@code allowed} (Allow),
 * {@code denied} (Deny, which only a webhook gives), the deciding {@code reason} and the chain's
 * {@code evaluationError}. Empty values are left out except {@code allowed}.
 */
// upstream: pkg/registry/authorization/subjectaccessreview/rest.go (and its local/self siblings)
final class AccessReviewStatus {

    static final String GROUP = "authorization.k8s.io";

    private AccessReviewStatus() {
    }

    static ObjectNode response(String kind, String apiVersion, ObjectNode metadata, ObjectNode spec, Decision decision) {
        ObjectNode review = Json.object();
        review.put("kind", kind);
        review.put("apiVersion", apiVersion);
        review.set("metadata", metadata);
        review.set("spec", spec);
        ObjectNode status = review.putObject("status");
        status.put("allowed", decision.allowed());
        if (decision instanceof Decision.Deny) {
            status.put("denied", true);
        }
        AccessReviewSpec.putIfNotEmpty(status, "reason", decision.reason());
        if (decision.error() != null) {
            status.put("evaluationError", decision.error());
        }
        return review;
    }

    /** The metadata upstream echoes: nothing but an optional namespace and the null creationTimestamp. */
    static ObjectNode metadata(String namespace) {
        ObjectNode meta = Json.object();
        AccessReviewSpec.putIfNotEmpty(meta, "namespace", namespace);
        meta.putNull("creationTimestamp");
        return meta;
    }

    /**
     * 422 as these handlers raise it: NewInvalid with the kind of the decoded internal object, which
     * is empty, so the message starts {@code .authorization.k8s.io "" is invalid}.
     */
    static void throwIfInvalid(List<FieldError> errors) {
        InvalidError.throwIfAny(GROUP, "", "", errors);
    }
}
