package io.bootsim.apiserver.registry.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import io.bootsim.apiserver.authorization.rbac.RoleRef;
import io.bootsim.apiserver.authorization.rbac.Subject;
import io.bootsim.apiserver.validation.Dns1123;
import io.bootsim.apiserver.validation.FieldError;
import io.bootsim.apiserver.validation.FieldPath;
import io.bootsim.apiserver.validation.GoValue;
import io.bootsim.core.api.GoFormat;
import io.bootsim.core.version.KubeVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Object validation of Roles, ClusterRoles and their bindings, on the defaulted wire form, with
 * upstream's messages and error order (pkg/apis/rbac/validation/validation.go). Names only have
 * to be valid path segments; a roleRef can never change, so a binding is deleted and recreated
 * instead. Label keys and annotations of the object meta are not checked here.
 */
final class RbacValidation {

    private static final FieldPath METADATA = FieldPath.of("metadata");
    private static final FieldPath ROLE_REF = FieldPath.of("roleRef");

    private final KubeVersion version;

    RbacValidation(KubeVersion version) {
        this.version = version;
    }

    List<FieldError> role(JsonNode role) {
        List<FieldError> errs = new ArrayList<>(objectMeta(role, true));
        rules(role, true, errs);
        return errs;
    }

    List<FieldError> clusterRole(JsonNode role) {
        List<FieldError> errs = new ArrayList<>(objectMeta(role, false));
        rules(role, false, errs);
        JsonNode aggregation = role.path("aggregationRule");
        if (aggregation.isObject()) {
            FieldPath selectorsPath = FieldPath.of("aggregationRule", "clusterRoleSelectors");
            JsonNode selectors = aggregation.path("clusterRoleSelectors");
            if (selectors.size() == 0) {
                errs.add(FieldError.required(selectorsPath, "at least one clusterRoleSelector required if aggregationRule is non-nil"));
            }
            for (int i = 0; i < selectors.size(); i++) {
                labelSelector(selectors.get(i), selectorsPath.index(i), errs);
            }
        }
        return errs;
    }

    List<FieldError> roleBinding(JsonNode binding) {
        return binding(binding, true, List.of(RoleRef.ROLE, RoleRef.CLUSTER_ROLE));
    }

    List<FieldError> clusterRoleBinding(JsonNode binding) {
        return binding(binding, false, List.of(RoleRef.CLUSTER_ROLE));
    }

    /** ValidateRoleBindingUpdate and ValidateClusterRoleBindingUpdate add the immutable roleRef. */
    static List<FieldError> roleRefUnchanged(JsonNode binding, JsonNode old) {
        JsonNode ref = binding.path("roleRef");
        JsonNode oldRef = old.path("roleRef");
        for (String field : List.of("apiGroup", "kind", "name")) {
            if (!text(ref, field).equals(text(oldRef, field))) {
                return List.of(FieldError.invalid(ROLE_REF, roleRefValue(ref), "cannot change roleRef"));
            }
        }
        return List.of();
    }

    private List<FieldError> binding(JsonNode binding, boolean namespaced, List<String> kinds) {
        List<FieldError> errs = new ArrayList<>(objectMeta(binding, namespaced));
        JsonNode ref = binding.path("roleRef");
        String apiGroup = text(ref, "apiGroup");
        if (!apiGroup.equals(RoleRef.RBAC_GROUP)) {
            errs.add(FieldError.notSupported(ROLE_REF.child("apiGroup"), apiGroup, List.of(RoleRef.RBAC_GROUP)));
        }
        String kind = text(ref, "kind");
        if (!kinds.contains(kind)) {
            errs.add(FieldError.notSupported(ROLE_REF.child("kind"), kind, kinds));
        }
        String name = text(ref, "name");
        if (name.isEmpty()) {
            errs.add(FieldError.required(ROLE_REF.child("name"), ""));
        } else {
            pathSegmentName(name).forEach(msg -> errs.add(FieldError.invalid(ROLE_REF.child("name"), name, msg)));
        }
        FieldPath subjectsPath = FieldPath.of("subjects");
        JsonNode subjects = binding.path("subjects");
        for (int i = 0; i < subjects.size(); i++) {
            subject(subjects.get(i), namespaced, subjectsPath.index(i), errs);
        }
        return errs;
    }

    private void subject(JsonNode subject, boolean namespaced, FieldPath path, List<FieldError> errs) {
        String name = text(subject, "name");
        String apiGroup = text(subject, "apiGroup");
        if (name.isEmpty()) {
            errs.add(FieldError.required(path.child("name"), ""));
        }
        switch (text(subject, "kind")) {
            case Subject.SERVICE_ACCOUNT -> {
                if (!name.isEmpty()) {
                    // ValidateServiceAccountName is a DNS subdomain check
                    Dns1123.subdomain(name, version).forEach(msg -> errs.add(FieldError.invalid(path.child("name"), name, msg)));
                }
                if (!apiGroup.isEmpty()) {
                    errs.add(FieldError.notSupported(path.child("apiGroup"), apiGroup, List.of("")));
                }
                if (!namespaced && text(subject, "namespace").isEmpty()) {
                    errs.add(FieldError.required(path.child("namespace"), ""));
                }
            }
            case Subject.USER, Subject.GROUP -> {
                if (!apiGroup.equals(RoleRef.RBAC_GROUP)) {
                    errs.add(FieldError.notSupported(path.child("apiGroup"), apiGroup, List.of(RoleRef.RBAC_GROUP)));
                }
            }
            default -> errs.add(FieldError.notSupported(path.child("kind"), text(subject, "kind"),
                    List.of(Subject.SERVICE_ACCOUNT, Subject.USER, Subject.GROUP)));
        }
    }

    private static void rules(JsonNode role, boolean namespaced, List<FieldError> errs) {
        JsonNode rules = role.path("rules");
        for (int i = 0; i < rules.size(); i++) {
            policyRule(rules.get(i), namespaced, FieldPath.of("rules").index(i), errs);
        }
    }

    /** ValidatePolicyRule: non-resource rules stand alone and only in ClusterRoles. */
    private static void policyRule(JsonNode rule, boolean namespaced, FieldPath path, List<FieldError> errs) {
        if (rule.path("verbs").size() == 0) {
            errs.add(FieldError.required(path.child("verbs"), "verbs must contain at least one value"));
        }
        JsonNode urls = rule.path("nonResourceURLs");
        if (urls.size() > 0) {
            GoValue value = stringSlice(urls);
            if (namespaced) {
                errs.add(FieldError.invalid(path.child("nonResourceURLs"), value, "namespaced rules cannot apply to non-resource URLs"));
            }
            if (rule.path("apiGroups").size() > 0 || rule.path("resources").size() > 0
                    || rule.path("resourceNames").size() > 0) {
                errs.add(FieldError.invalid(path.child("nonResourceURLs"), value,
                        "rules cannot apply to both regular resources and non-resource URLs"));
            }
            return;
        }
        if (rule.path("apiGroups").size() == 0) {
            errs.add(FieldError.required(path.child("apiGroups"), "resource rules must supply at least one api group"));
        }
        if (rule.path("resources").size() == 0) {
            errs.add(FieldError.required(path.child("resources"), "resource rules must supply at least one resource"));
        }
    }

    /** The requirement checks of metav1validation.ValidateLabelSelector. */
    private static void labelSelector(JsonNode selector, FieldPath path, List<FieldError> errs) {
        JsonNode expressions = selector.path("matchExpressions");
        for (int i = 0; i < expressions.size(); i++) {
            JsonNode requirement = expressions.get(i);
            FieldPath p = path.child("matchExpressions").index(i);
            int values = requirement.path("values").size();
            String operator = text(requirement, "operator");
            switch (operator) {
                case "In", "NotIn" -> {
                    if (values == 0) {
                        errs.add(FieldError.required(p.child("values"), "must be specified when `operator` is 'In' or 'NotIn'"));
                    }
                }
                case "Exists", "DoesNotExist" -> {
                    if (values > 0) {
                        errs.add(FieldError.forbidden(p.child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                    }
                }
                default -> errs.add(FieldError.invalid(p.child("operator"), operator, "not a valid selector operator"));
            }
        }
    }

    /**
     * The part of ValidateObjectMeta that RBAC objects can get wrong here: a name (or generateName
     * prefix) that is a valid path segment, and a namespace exactly for Roles and RoleBindings.
     * Cluster-scoped objects never reach this with a namespace: the request path clears it.
     */
    private static List<FieldError> objectMeta(JsonNode object, boolean namespaced) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode meta = object.path("metadata");
        String name = text(meta, "name");
        String generateName = text(meta, "generateName");
        if (!generateName.isEmpty()) {
            pathSegmentPrefix(generateName).forEach(msg ->
                    errs.add(FieldError.invalid(METADATA.child("generateName"), generateName, msg)));
        }
        if (name.isEmpty()) {
            if (generateName.isEmpty()) {
                errs.add(FieldError.required(METADATA.child("name"), "name or generateName is required"));
            }
        } else {
            pathSegmentName(name).forEach(msg -> errs.add(FieldError.invalid(METADATA.child("name"), name, msg)));
        }
        if (namespaced && text(meta, "namespace").isEmpty()) {
            errs.add(FieldError.required(METADATA.child("namespace"), ""));
        }
        return errs;
    }

    /** apimachinery path.IsValidPathSegmentName, which ValidateRBACName is. */
    static List<String> pathSegmentName(String name) {
        if (name.equals(".") || name.equals("..")) {
            return List.of("may not be '" + name + "'");
        }
        return pathSegmentPrefix(name);
    }

    private static List<String> pathSegmentPrefix(String name) {
        List<String> errs = new ArrayList<>();
        for (String illegal : List.of("/", "%")) {
            if (name.contains(illegal)) {
                errs.add("may not contain '" + illegal + "'");
            }
        }
        return errs;
    }

    /** The internal rbac.RoleRef as field errors print a struct (%#v). */
    private static GoValue roleRefValue(JsonNode ref) {
        return new GoValue("rbac.RoleRef{APIGroup:" + GoFormat.quote(text(ref, "apiGroup")) + ", Kind:"
                + GoFormat.quote(text(ref, "kind")) + ", Name:" + GoFormat.quote(text(ref, "name")) + "}");
    }

    /** A []string as %#v prints it: {@code []string{"/a", "/b"}}. */
    private static GoValue stringSlice(JsonNode values) {
        List<String> quoted = new ArrayList<>();
        values.forEach(v -> quoted.add(GoFormat.quote(v.asText())));
        return new GoValue(quoted.stream().collect(Collectors.joining(", ", "[]string{", "}")));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isTextual() ? v.asText() : "";
    }
}
