package io.bootsim.apiserver.authorization;

import io.bootsim.core.api.GoFormat;

import io.bootsim.core.api.Status;
import io.bootsim.core.version.KubeVersion;

/**
 * The 403 an unauthorized request gets (upstream: staging/src/k8s.io/apiserver/pkg/endpoints/
 * handlers/responsewriters/errors.go Forbidden, wrapped by apimachinery errors.NewForbidden).
 * The inner text names user, verb and resource, is HTML-sanitized, and gets the authorizer's
 * reason appended; 1.12 changed the inner text's wording.
 */
public final class Forbidden {

    private Forbidden() {
    }

    /** The Status body for an unauthorized request with the chain's (possibly empty) reason. */
    public static Status status(Attributes attributes, String reason, KubeVersion version) {
        String group = attributes.resourceRequest() ? attributes.apiGroup() : "";
        String resource = attributes.resourceRequest() ? attributes.resource() : "";
        return Status.forbidden(group, resource, attributes.name(), message(attributes, reason, version));
    }

    /** The Status message: NewForbidden's prefix, then the sanitized inner text and the reason. */
    public static String message(Attributes attributes, String reason, KubeVersion version) {
        String inner = sanitize(innerText(attributes, version));
        if (reason != null && !reason.isEmpty()) {
            inner = inner + ": " + reason;
        }
        String resource = attributes.resourceRequest() ? attributes.resource() : "";
        String group = attributes.resourceRequest() ? attributes.apiGroup() : "";
        if (resource.isEmpty() && group.isEmpty()) {
            return "forbidden: " + inner;
        }
        String qualified = Status.qualified(group, resource);
        if (attributes.name().isEmpty()) {
            return qualified + " is forbidden: " + inner;
        }
        return qualified + " " + GoFormat.quote(attributes.name()) + " is forbidden: " + inner;
    }

    static String innerText(Attributes a, KubeVersion version) {
        String user = GoFormat.quote(a.user().name());
        if (!a.resourceRequest()) {
            return "User " + user + " cannot " + a.verb() + " path " + GoFormat.quote(a.path());
        }
        if (version.atLeast(1, 12)) {
            String resource = a.subresource().isEmpty() ? a.resource() : a.resource() + "/" + a.subresource();
            String text = "User " + user + " cannot " + a.verb() + " resource " + GoFormat.quote(resource)
                    + " in API group " + GoFormat.quote(a.apiGroup());
            return a.namespace().isEmpty() ? text + " at the cluster scope"
                    : text + " in the namespace " + GoFormat.quote(a.namespace());
        }
        // 1.9-1.11: resource[.group][/subresource], unquoted
        String resource = Status.qualified(a.apiGroup(), a.resource())
                + (a.subresource().isEmpty() ? "" : "/" + a.subresource());
        String text = "User " + user + " cannot " + a.verb() + " " + resource;
        return a.namespace().isEmpty() ? text + " at the cluster scope"
                : text + " in the namespace " + GoFormat.quote(a.namespace());
    }

    private static String sanitize(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
