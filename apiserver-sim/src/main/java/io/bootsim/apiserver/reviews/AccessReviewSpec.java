package io.bootsim.apiserver.reviews;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.authentication.UserInfo;
import io.bootsim.apiserver.authorization.Attributes;
import io.bootsim.apiserver.validation.FieldError;
import io.bootsim.apiserver.validation.FieldPath;
import io.bootsim.apiserver.validation.GoValue;
import io.bootsim.core.api.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The spec shared by the access reviews, as the apiserver decodes it: exactly one of
 * resourceAttributes and nonResourceAttributes, and (SubjectAccessReview and
 * LocalSubjectAccessReview only) the subject. authorization.k8s.io/v1beta1 spells the groups field
 * {@code group}. Re-encoding drops unknown fields and empty values, as upstream's encoder does.
 */
// upstream: pkg/apis/authorization/validation/validation.go, pkg/registry/authorization/util/helpers.go
record AccessReviewSpec(ResourceAttributes resource, NonResourceAttributes nonResource,
                        String user, List<String> groups, Map<String, List<String>> extra, String uid) {

    record ResourceAttributes(String namespace, String verb, String group, String version,
                              String resource, String subresource, String name) {
    }

    record NonResourceAttributes(String path, String verb) {
        /** Go's %#v of the internal type, which field errors print. */
        String goSyntax() {
            return "authorization.NonResourceAttributes{Path:" + GoValue.quote(path) + ", Verb:" + GoValue.quote(verb) + "}";
        }
    }

    static String groupsField(String apiVersion) {
        return apiVersion.endsWith("/v1beta1") ? "group" : "groups";
    }

    static AccessReviewSpec parse(JsonNode spec, String groupsField) {
        JsonNode r = spec.path("resourceAttributes");
        JsonNode n = spec.path("nonResourceAttributes");
        ResourceAttributes resource = r.isObject()
                ? new ResourceAttributes(text(r, "namespace"), text(r, "verb"), text(r, "group"), text(r, "version"),
                text(r, "resource"), text(r, "subresource"), text(r, "name"))
                : null;
        NonResourceAttributes nonResource = n.isObject() ? new NonResourceAttributes(text(n, "path"), text(n, "verb")) : null;
        Map<String, List<String>> extra = new LinkedHashMap<>();
        spec.path("extra").properties().forEach(e -> extra.put(e.getKey(), strings(e.getValue())));
        return new AccessReviewSpec(resource, nonResource, text(spec, "user"), strings(spec.path(groupsField)), extra,
                text(spec, "uid"));
    }

    /** ValidateSelfSubjectAccessReviewSpec, plus the subject check of ValidateSubjectAccessReviewSpec when asked. */
    List<FieldError> validate(boolean subjectRequired) {
        List<FieldError> errors = new ArrayList<>();
        FieldPath spec = FieldPath.of("spec");
        if (resource != null && nonResource != null) {
            errors.add(FieldError.invalid(spec.child("nonResourceAttributes"), new GoValue(nonResource.goSyntax()),
                    "cannot be specified in combination with resourceAttributes"));
        }
        if (resource == null && nonResource == null) {
            // upstream passes the nil pointer, which field.Error prints as the string "null"
            errors.add(FieldError.invalid(spec.child("resourceAttributes"), "null",
                    "exactly one of nonResourceAttributes or resourceAttributes must be specified"));
        }
        if (subjectRequired && user.isEmpty() && groups.isEmpty()) {
            errors.add(FieldError.invalid(spec.child("user"), user, "at least one of user or group must be specified"));
        }
        return errors;
    }

    /** The spec's own subject, exactly as given: nothing (not even system:authenticated) is added. */
    UserInfo subject() {
        return new UserInfo(user, uid, groups, extra);
    }

    /** AuthorizationAttributesFrom; an empty version means every version. */
    Attributes attributes(UserInfo subject) {
        if (resource != null) {
            return new Attributes(subject, resource.verb(), true, "", resource.namespace(), resource.group(),
                    resource.version().isEmpty() ? "*" : resource.version(), resource.resource(), resource.subresource(),
                    resource.name());
        }
        return Attributes.nonResource(subject, nonResource.verb(), nonResource.path());
    }

    ObjectNode toJson(String groupsField) {
        ObjectNode spec = Json.object();
        if (resource != null) {
            ObjectNode r = spec.putObject("resourceAttributes");
            putIfNotEmpty(r, "namespace", resource.namespace());
            putIfNotEmpty(r, "verb", resource.verb());
            putIfNotEmpty(r, "group", resource.group());
            putIfNotEmpty(r, "version", resource.version());
            putIfNotEmpty(r, "resource", resource.resource());
            putIfNotEmpty(r, "subresource", resource.subresource());
            putIfNotEmpty(r, "name", resource.name());
        }
        if (nonResource != null) {
            ObjectNode n = spec.putObject("nonResourceAttributes");
            putIfNotEmpty(n, "path", nonResource.path());
            putIfNotEmpty(n, "verb", nonResource.verb());
        }
        putIfNotEmpty(spec, "user", user);
        if (!groups.isEmpty()) {
            ArrayNode g = spec.putArray(groupsField);
            groups.forEach(g::add);
        }
        if (!extra.isEmpty()) {
            ObjectNode e = spec.putObject("extra");
            extra.forEach((k, v) -> v.forEach(e.putArray(k)::add));
        }
        putIfNotEmpty(spec, "uid", uid);
        return spec;
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isTextual() ? v.asText() : "";
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    static void putIfNotEmpty(ObjectNode node, String field, String value) {
        if (!value.isEmpty()) {
            node.put(field, value);
        }
    }
}
