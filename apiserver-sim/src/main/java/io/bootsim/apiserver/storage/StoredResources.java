package io.bootsim.apiserver.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.storage.ResourceType.FieldLabels;
import io.bootsim.core.version.KubeVersion;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * How each built-in resource is stored for the emulated release (what is served, and in which
 * versions, is registry.ServedResources): storage version,
 * selectable fields (each type's GetAttrs/ToSelectableFields in pkg/registry/...) and the
 * strategic-merge list metadata from k8s.io/api types.go struct tags.
 */
public final class StoredResources {

    private final Map<String, ResourceType> byKey;

    private StoredResources(List<ResourceType> types) {
        Map<String, ResourceType> map = new LinkedHashMap<>();
        types.forEach(t -> map.put(t.key(), t));
        this.byKey = map;
    }

    public static StoredResources of(KubeVersion version) {
        List<ResourceType> types = new java.util.ArrayList<>();
        types.add(certificateSigningRequests(version));
        types.add(new ResourceType("", "v1", "nodes", "Node", false, false,
                fields(false, "spec.unschedulable", o -> String.valueOf(o.path("spec").path("unschedulable").asBoolean())),
                FieldLabels.TYPE_SPECIFIC,
                // upstream: staging/src/k8s.io/api/core/v1/types.go NodeSpec, NodeStatus
                PatchSchema.withLists(Map.of("spec.podCIDRs", "", "status.conditions", "type", "status.addresses", "type"))));
        if (version.atLeast(1, 12)) {
            types.add(new ResourceType("coordination.k8s.io", version.atLeast(1, 14) ? "v1" : "v1beta1", "leases", "Lease",
                    true, true, fields(true), FieldLabels.OBJECT_META, PatchSchema.objectMetaOnly()));
        }
        types.add(new ResourceType("", "v1", "namespaces", "Namespace", false, false,
                fields(false, "status.phase", o -> text(o, "status", "phase")), FieldLabels.TYPE_SPECIFIC,
                PatchSchema.withLists(Map.of("status.conditions", "type"))));
        types.add(new ResourceType("", "v1", "secrets", "Secret", true, false,
                fields(true, "type", o -> o.path("type").asText("")), FieldLabels.TYPE_SPECIFIC,
                PatchSchema.objectMetaOnly()));
        types.add(new ResourceType("", "v1", "serviceaccounts", "ServiceAccount", true, false,
                fields(true), FieldLabels.OBJECT_META,
                // upstream: staging/src/k8s.io/api/core/v1/types.go ServiceAccount.Secrets (patchMergeKey name)
                PatchSchema.withLists(Map.of("secrets", "name"))));
        types.add(new ResourceType("", "v1", "configmaps", "ConfigMap", true, false,
                fields(true), FieldLabels.OBJECT_META, PatchSchema.objectMetaOnly()));
        types.add(events());
        String rbac = "rbac.authorization.k8s.io";
        types.add(new ResourceType(rbac, "v1", "clusterroles", "ClusterRole", false, true,
                fields(false), FieldLabels.OBJECT_META, PatchSchema.objectMetaOnly()));
        types.add(new ResourceType(rbac, "v1", "clusterrolebindings", "ClusterRoleBinding", false, true,
                fields(false), FieldLabels.OBJECT_META, PatchSchema.objectMetaOnly()));
        types.add(new ResourceType(rbac, "v1", "roles", "Role", true, true,
                fields(true), FieldLabels.OBJECT_META, PatchSchema.objectMetaOnly()));
        types.add(new ResourceType(rbac, "v1", "rolebindings", "RoleBinding", true, true,
                fields(true), FieldLabels.OBJECT_META, PatchSchema.objectMetaOnly()));
        return new StoredResources(types);
    }

    public Optional<ResourceType> get(String group, String resource) {
        return Optional.ofNullable(byKey.get(group.isEmpty() ? resource : group + "/" + resource));
    }

    public List<ResourceType> all() {
        return List.copyOf(byKey.values());
    }

    private static ResourceType certificateSigningRequests(KubeVersion version) {
        String apiVersion = version.atLeast(1, 19) ? "v1" : "v1beta1";
        // spec.signerName exists, and is selectable, from 1.18 (pkg/apis/certificates/v1beta1/conversion.go)
        boolean signerName = version.atLeast(1, 18);
        return new ResourceType("certificates.k8s.io", apiVersion, "certificatesigningrequests",
                "CertificateSigningRequest", false, false,
                signerName ? fields(false, "spec.signerName", o -> text(o, "spec", "signerName")) : fields(false),
                signerName ? FieldLabels.TYPE_SPECIFIC : FieldLabels.OBJECT_META,
                // status.conditions is listType=map for server-side apply only: no patchMergeKey, so it is replaced
                PatchSchema.objectMetaOnly());
    }

    // upstream: pkg/registry/core/event/strategy.go ToSelectableFields
    private static ResourceType events() {
        Map<String, Function<ObjectNode, String>> f = fields(true);
        for (String field : List.of("kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath")) {
            f.put("involvedObject." + field, o -> text(o, "involvedObject", field));
        }
        f.put("reason", o -> o.path("reason").asText(""));
        f.put("reportingComponent", o -> o.path("reportingComponent").asText(""));
        f.put("source", o -> {
            String component = text(o, "source", "component");
            return component.isEmpty() ? o.path("reportingComponent").asText("") : component;
        });
        f.put("type", o -> o.path("type").asText(""));
        return new ResourceType("", "v1", "events", "Event", true, true, f, FieldLabels.TYPE_SPECIFIC,
                PatchSchema.objectMetaOnly());
    }

    /** ObjectMetaFieldsSet: metadata.name, plus metadata.namespace for namespaced types. */
    private static Map<String, Function<ObjectNode, String>> fields(boolean namespaced) {
        Map<String, Function<ObjectNode, String>> f = new LinkedHashMap<>();
        f.put("metadata.name", ObjectMeta::name);
        if (namespaced) {
            f.put("metadata.namespace", ObjectMeta::namespace);
        }
        return f;
    }

    /** The object-meta fields and one type-specific field. */
    private static Map<String, Function<ObjectNode, String>> fields(boolean namespaced, String label,
                                                                    Function<ObjectNode, String> read) {
        Map<String, Function<ObjectNode, String>> f = fields(namespaced);
        f.put(label, read);
        return f;
    }

    private static String text(ObjectNode o, String parent, String field) {
        JsonNode v = o.path(parent).path(field);
        return v.isValueNode() ? v.asText() : "";
    }
}
