package io.bootsim.apiserver.registry;

import io.bootsim.core.version.KubeVersion;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the simulated kube-apiserver serves at one emulated version: the subset of upstream's
 * built-in resources that TLS bootstrapping and kubectl touch, with the names, scope, verbs and
 * short names upstream's discovery publishes for them. Alpha versions are left out because
 * upstream never enables them by default.
 */
public final class ServedResources {

    /**
     * A subresource such as nodes/status, with its kind; {@code group} and {@code version} are
     * empty when they are the parent's, and named when the subresource speaks another group's
     * kind (serviceaccounts/token takes an authentication.k8s.io/v1 TokenRequest).
     */
    public record Subresource(String name, String group, String version, String kind, List<String> verbs) {

        Subresource(String name, String kind, List<String> verbs) {
            this(name, "", "", kind, verbs);
        }
    }

    /** One resource in one group version, as a discovery document lists it. */
    public record Resource(String group, String version, String name, String singularName, String kind,
                           boolean namespaced, List<String> verbs, List<String> shortNames,
                           List<String> categories, List<Subresource> subresources) {

        public String groupVersion() {
            return group.isEmpty() ? version : group + "/" + version;
        }
    }

    /** A served group version with its resources sorted by name, as upstream's installer lists them. */
    public record GroupVersion(String group, String version, List<Resource> resources) {

        public String groupVersion() {
            return group.isEmpty() ? version : group + "/" + version;
        }
    }

    /** An API group; its first version is the preferred one. */
    public record Group(String name, List<GroupVersion> versions) {

        public GroupVersion preferred() {
            return versions.get(0);
        }
    }

    private static final List<String> CRUD = List.of(
            "create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
    // Namespaces cannot be deleted as a collection (pkg/registry/core/namespace/storage/storage.go).
    private static final List<String> CRUD_NO_COLLECTION = List.of(
            "create", "delete", "get", "list", "patch", "update", "watch");
    private static final List<String> CREATE = List.of("create");
    private static final List<String> STATUS_VERBS = List.of("get", "patch", "update");
    // Connect verbs, as discovery shows nodes/proxy.
    private static final List<String> PROXY_VERBS = List.of("create", "delete", "get", "patch", "update");

    private record Row(KubeVersion since, KubeVersion until, Resource resource) {
        boolean servedAt(KubeVersion v) {
            return !v.isBefore(since) && !v.isAfter(until);
        }
    }

    private static final KubeVersion ALWAYS = KubeVersion.OLDEST;
    private static final KubeVersion STILL = KubeVersion.NEWEST;

    /**
     * Group order as /apis lists it: upstream orders groups by their APIService priority, and
     * within a group the preferred (newest stable) version comes first.
     */
    private static final List<String> GROUP_ORDER = List.of(
            "", "authentication.k8s.io", "authorization.k8s.io", "certificates.k8s.io",
            "rbac.authorization.k8s.io", "coordination.k8s.io");

    private static final List<Row> CATALOG = List.of(
            // core/v1
            row(ALWAYS, STILL, "", "v1", "configmaps", "ConfigMap", true, CRUD, List.of("cm")),
            row(ALWAYS, STILL, "", "v1", "events", "Event", true, CRUD, List.of("ev")),
            row(ALWAYS, STILL, "", "v1", "namespaces", "Namespace", false, CRUD_NO_COLLECTION, List.of("ns"),
                    new Subresource("finalize", "Namespace", List.of("update")),
                    new Subresource("status", "Namespace", STATUS_VERBS)),
            row(ALWAYS, STILL, "", "v1", "nodes", "Node", false, CRUD, List.of("no"),
                    new Subresource("proxy", "NodeProxyOptions", PROXY_VERBS),
                    new Subresource("status", "Node", STATUS_VERBS)),
            row(ALWAYS, STILL, "", "v1", "secrets", "Secret", true, CRUD, List.of()),
            row(ALWAYS, STILL, "", "v1", "serviceaccounts", "ServiceAccount", true, CRUD, List.of("sa")),

            // authentication.k8s.io: v1beta1 went with the 1.22 removals; SelfSubjectReview was
            // beta (on by default) in 1.27 and GA in 1.28, the v1beta1 copy served until 1.29.
            row(ALWAYS, STILL, "authentication.k8s.io", "v1", "tokenreviews", "TokenReview", false, CREATE, List.of()),
            row(v(1, 28), STILL, "authentication.k8s.io", "v1", "selfsubjectreviews", "SelfSubjectReview", false, CREATE, List.of()),
            row(ALWAYS, v(1, 21), "authentication.k8s.io", "v1beta1", "tokenreviews", "TokenReview", false, CREATE, List.of()),
            row(v(1, 27), v(1, 29), "authentication.k8s.io", "v1beta1", "selfsubjectreviews", "SelfSubjectReview", false, CREATE, List.of()),

            // authorization.k8s.io: v1 since 1.6, v1beta1 until the 1.22 removals.
            row(ALWAYS, STILL, "authorization.k8s.io", "v1", "localsubjectaccessreviews", "LocalSubjectAccessReview", true, CREATE, List.of()),
            row(ALWAYS, STILL, "authorization.k8s.io", "v1", "selfsubjectaccessreviews", "SelfSubjectAccessReview", false, CREATE, List.of()),
            row(ALWAYS, STILL, "authorization.k8s.io", "v1", "selfsubjectrulesreviews", "SelfSubjectRulesReview", false, CREATE, List.of()),
            row(ALWAYS, STILL, "authorization.k8s.io", "v1", "subjectaccessreviews", "SubjectAccessReview", false, CREATE, List.of()),
            row(ALWAYS, v(1, 21), "authorization.k8s.io", "v1beta1", "localsubjectaccessreviews", "LocalSubjectAccessReview", true, CREATE, List.of()),
            row(ALWAYS, v(1, 21), "authorization.k8s.io", "v1beta1", "selfsubjectaccessreviews", "SelfSubjectAccessReview", false, CREATE, List.of()),
            row(ALWAYS, v(1, 21), "authorization.k8s.io", "v1beta1", "selfsubjectrulesreviews", "SelfSubjectRulesReview", false, CREATE, List.of()),
            row(ALWAYS, v(1, 21), "authorization.k8s.io", "v1beta1", "subjectaccessreviews", "SubjectAccessReview", false, CREATE, List.of()),

            // certificates.k8s.io: v1 GA in 1.19, v1beta1 no longer served from 1.22.
            row(v(1, 19), STILL, "certificates.k8s.io", "v1", "certificatesigningrequests", "CertificateSigningRequest", false, CRUD, List.of("csr"),
                    new Subresource("approval", "CertificateSigningRequest", STATUS_VERBS),
                    new Subresource("status", "CertificateSigningRequest", STATUS_VERBS)),
            row(ALWAYS, v(1, 21), "certificates.k8s.io", "v1beta1", "certificatesigningrequests", "CertificateSigningRequest", false, CRUD, List.of("csr"),
                    new Subresource("approval", "CertificateSigningRequest", STATUS_VERBS),
                    new Subresource("status", "CertificateSigningRequest", STATUS_VERBS)),

            // rbac.authorization.k8s.io: v1 since 1.8, v1beta1 until the 1.22 removals.
            row(ALWAYS, STILL, "rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false, CRUD, List.of()),
            row(ALWAYS, STILL, "rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false, CRUD, List.of()),
            row(ALWAYS, STILL, "rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true, CRUD, List.of()),
            row(ALWAYS, STILL, "rbac.authorization.k8s.io", "v1", "roles", "Role", true, CRUD, List.of()),
            row(ALWAYS, v(1, 21), "rbac.authorization.k8s.io", "v1beta1", "clusterrolebindings", "ClusterRoleBinding", false, CRUD, List.of()),
            row(ALWAYS, v(1, 21), "rbac.authorization.k8s.io", "v1beta1", "clusterroles", "ClusterRole", false, CRUD, List.of()),
            row(ALWAYS, v(1, 21), "rbac.authorization.k8s.io", "v1beta1", "rolebindings", "RoleBinding", true, CRUD, List.of()),
            row(ALWAYS, v(1, 21), "rbac.authorization.k8s.io", "v1beta1", "roles", "Role", true, CRUD, List.of()),

            // coordination.k8s.io: v1beta1 Lease arrived in 1.12 (1.13 kubelets used it), v1 in 1.14,
            // v1beta1 no longer served from 1.22.
            row(v(1, 14), STILL, "coordination.k8s.io", "v1", "leases", "Lease", true, CRUD, List.of()),
            row(v(1, 12), v(1, 21), "coordination.k8s.io", "v1beta1", "leases", "Lease", true, CRUD, List.of()));

    private final KubeVersion version;
    private final List<Group> groups;

    private ServedResources(KubeVersion version, List<Group> groups) {
        this.version = version;
        this.groups = groups;
    }

    /** The catalog as kube-apiserver of {@code version} serves it with default flags. */
    public static ServedResources at(KubeVersion version) {
        return at(version, false);
    }

    /**
     * The catalog, with serviceaccounts/token when the flags enable TokenRequest (an issuer and a
     * signing key).
     */
    // upstream: pkg/registry/core/rest/storage_core.go (the token subresource only with a token generator)
    public static ServedResources at(KubeVersion version, boolean tokenRequest) {
        Map<String, Map<String, List<Resource>>> byGroup = new LinkedHashMap<>();
        for (String group : GROUP_ORDER) {
            byGroup.put(group, new LinkedHashMap<>());
        }
        for (Row row : CATALOG) {
            if (row.servedAt(version)) {
                Resource r = row.resource();
                if (tokenRequest && r.group().isEmpty() && r.name().equals("serviceaccounts")) {
                    r = new Resource(r.group(), r.version(), r.name(), r.singularName(), r.kind(), r.namespaced(),
                            r.verbs(), r.shortNames(), r.categories(),
                            List.of(new Subresource("token", "authentication.k8s.io", "v1", "TokenRequest", CREATE)));
                }
                byGroup.get(r.group()).computeIfAbsent(r.version(), k -> new ArrayList<>()).add(r);
            }
        }
        List<Group> groups = new ArrayList<>();
        byGroup.forEach((name, versions) -> {
            if (versions.isEmpty()) {
                return;
            }
            List<GroupVersion> gvs = versions.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey(Comparator.comparingInt(ServedResources::versionPriority)))
                    .map(e -> new GroupVersion(name, e.getKey(), e.getValue().stream()
                            .sorted(Comparator.comparing(Resource::name)).toList()))
                    .toList();
            groups.add(new Group(name, gvs));
        });
        return new ServedResources(version, List.copyOf(groups));
    }

    public KubeVersion version() {
        return version;
    }

    /** The legacy core group ("" with v1), served under /api. */
    public Group core() {
        return groups.get(0);
    }

    /** The named groups served under /apis, in upstream's order. */
    public List<Group> apiGroups() {
        return groups.subList(1, groups.size());
    }

    public Optional<Group> group(String name) {
        return groups.stream().filter(g -> g.name().equals(name)).findFirst();
    }

    public Optional<GroupVersion> groupVersion(String group, String version) {
        return group(group).flatMap(g -> g.versions().stream().filter(gv -> gv.version().equals(version)).findFirst());
    }

    public Optional<Resource> resource(String group, String version, String resource) {
        return groupVersion(group, version)
                .flatMap(gv -> gv.resources().stream().filter(r -> r.name().equals(resource)).findFirst());
    }

    /** GA before beta before alpha (apimachinery's version priority; enough for the versions served here). */
    private static int versionPriority(String version) {
        return version.contains("alpha") ? 2 : version.contains("beta") ? 1 : 0;
    }

    private static KubeVersion v(int major, int minor) {
        return KubeVersion.of(major, minor);
    }

    private static Row row(KubeVersion since, KubeVersion until, String group, String version, String name,
                           String kind, boolean namespaced, List<String> verbs, List<String> shortNames,
                           Subresource... subresources) {
        String singular = kind.toLowerCase(java.util.Locale.ROOT);
        return new Row(since, until, new Resource(group, version, name, singular, kind, namespaced, verbs,
                shortNames, List.of(), List.of(subresources)));
    }
}
