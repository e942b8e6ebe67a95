package io.bootsim.apiserver.reviews;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.authentication.UserInfo;
import io.bootsim.apiserver.authorization.rbac.PolicyRule;
import io.bootsim.core.api.Json;
import io.bootsim.core.api.Status;
import io.bootsim.core.api.StatusException;

import java.util.List;

/**
 * POST selfsubjectrulesreviews ({@code kubectl auth can-i --list}): every rule the chain can list
 * for the requester in spec.namespace. Upstream answers a fresh object, so the spec comes back
 * empty; {@code incomplete} and {@code evaluationError} say what could not be listed.
 */
// upstream: pkg/registry/authorization/selfsubjectrulesreview/rest.go
public final class SelfSubjectRulesReview {

    public static final String KIND = "SelfSubjectRulesReview";

    private final UnionRuleResolver resolver;

    public SelfSubjectRulesReview(UnionRuleResolver resolver) {
        this.resolver = resolver;
    }

    /** @throws StatusException 400 "no namespace on request" when spec.namespace is empty */
    public ObjectNode create(String apiVersion, ObjectNode body, UserInfo requester) {
        String namespace = AccessReviewSpec.text(body.path("spec"), "namespace");
        if (namespace.isEmpty()) {
            throw new StatusException(Status.badRequest("no namespace on request"));
        }
        UnionRuleResolver.Rules rules = resolver.rulesFor(requester, namespace);
        ObjectNode review = Json.object();
        review.put("kind", KIND);
        review.put("apiVersion", apiVersion);
        review.set("metadata", AccessReviewStatus.metadata(""));
        review.putObject("spec");
        ObjectNode status = review.putObject("status");
        ArrayNode resourceRules = status.putArray("resourceRules");
        for (PolicyRule rule : rules.resourceRules()) {
            ObjectNode r = resourceRules.addObject();
            strings(r, "verbs", rule.verbs(), true);
            strings(r, "apiGroups", rule.apiGroups(), false);
            strings(r, "resources", rule.resources(), false);
            strings(r, "resourceNames", rule.resourceNames(), false);
        }
        ArrayNode nonResourceRules = status.putArray("nonResourceRules");
        for (PolicyRule rule : rules.nonResourceRules()) {
            ObjectNode r = nonResourceRules.addObject();
            strings(r, "verbs", rule.verbs(), true);
            strings(r, "nonResourceURLs", rule.nonResourceURLs(), false);
        }
        status.put("incomplete", rules.incomplete());
        if (rules.evaluationError() != null) {
            status.put("evaluationError", rules.evaluationError());
        }
        return review;
    }

    /** verbs is always written (null when a rule has none, as Go encodes a nil slice); the others are omitempty. */
    private static void strings(ObjectNode node, String field, List<String> values, boolean always) {
        if (values.isEmpty()) {
            if (always) {
                node.putNull(field);
            }
            return;
        }
        ArrayNode array = node.putArray(field);
        values.forEach(array::add);
    }
}
