package io.bootsim.kubectl;

import java.util.List;
import java.util.Locale;

/** One served resource as discovery describes it: what kubectl's RESTMapper resolves a name to. */
record ResourceMapping(String group, String version, String resource, String singular, String kind,
                       boolean namespaced, List<String> shortNames) {

    String groupVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    String collectionPath(String namespace) {
        String base = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
        return base + (namespaced && !namespace.isEmpty() ? "/namespaces/" + namespace : "") + "/" + resource;
    }

    String objectPath(String namespace, String name) {
        return collectionPath(namespace) + "/" + name;
    }

    /** How kubectl names objects of this kind in its output: {@code clusterrolebinding.rbac.authorization.k8s.io}. */
    String kindGroup() {
        String k = kind.toLowerCase(Locale.ROOT);
        return group.isEmpty() ? k : k + "." + group;
    }

    /** {@code certificatesigningrequests.certificates.k8s.io}, as API messages name the resource. */
    String qualifiedResource() {
        return group.isEmpty() ? resource : resource + "." + group;
    }

    /** Whether {@code name} (as typed: plural, singular, short name or kind, optionally .group) means this resource. */
    boolean matches(String typed) {
        String lower = typed.toLowerCase(Locale.ROOT);
        String name = lower;
        String qualifier = "";
        int dot = lower.indexOf('.');
        if (dot > 0) {
            name = lower.substring(0, dot);
            qualifier = lower.substring(dot + 1);
        }
        if (!qualifier.isEmpty() && !qualifier.equals(group) && !qualifier.equals(version + "." + group)
                && !(group.isEmpty() && qualifier.equals(version))) {
            return false;
        }
        return name.equals(resource) || name.equals(singular) || name.equals(kind.toLowerCase(Locale.ROOT))
                || (qualifier.isEmpty() && shortNames.contains(name));
    }
}
