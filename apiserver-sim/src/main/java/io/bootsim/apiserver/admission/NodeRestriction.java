package io.bootsim.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.authorization.node.NodeIdentity;
import io.bootsim.apiserver.registry.certificates.AdmissionDecision;
import io.bootsim.apiserver.registry.certificates.NodeRestrictionCsrRule;
import io.bootsim.core.version.KubeVersion;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Admission plugin NodeRestriction (off by default; --enable-admission-plugins=...,NodeRestriction):
 * limits what a node user ({@code system:node:<name>} in {@code system:nodes}) may create, update or
 * delete among the resources bootsim serves. A node may write only its own Node and its own Lease in
 * kube-node-lease (1.14+); it may not set a configSource nor change its taints (≈1.11+), nor set or
 * change labels outside what kubelets own (1.13+: node-restriction.kubernetes.io/ always; other
 * kubernetes.io and k8s.io labels on update, and from 1.19 on create too). CSR creation is judged by
 * {@link NodeRestrictionCsrRule} (1.31+). Everything else is not restricted here.
 */
// upstream: plugin/pkg/admission/noderestriction/admission.go, pkg/kubelet/apis/well_known_labels.go
public final class NodeRestriction {

    public static final String NAME = "NodeRestriction";

    private static final String NODE_LEASE_NAMESPACE = "kube-node-lease";
    private static final String NODE_RESTRICTION_LABEL_NAMESPACE = "node-restriction.kubernetes.io";
    private static final Set<String> KUBELET_LABEL_NAMESPACES = Set.of("kubelet.kubernetes.io", "node.kubernetes.io");
    private static final Set<String> KUBELET_LABELS = Set.of("kubernetes.io/hostname",
            "failure-domain.beta.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/region",
            "beta.kubernetes.io/instance-type", "kubernetes.io/os", "kubernetes.io/arch",
            "beta.kubernetes.io/os", "beta.kubernetes.io/arch");
    // The GA topology and instance-type labels joined the kubelet's set in 1.17.
    private static final Set<String> KUBELET_LABELS_1_17 = Set.of("topology.kubernetes.io/zone",
            "topology.kubernetes.io/region", "node.kubernetes.io/instance-type");

    private final KubeVersion version;
    private final NodeRestrictionCsrRule csrRule;

    public NodeRestriction(KubeVersion version, NodeRestrictionCsrRule csrRule) {
        this.version = version;
        this.csrRule = csrRule;
    }

    public AdmissionDecision admit(AdmissionRequest request) {
        var identity = NodeIdentity.nodeName(request.user());
        if (identity.isEmpty() || request.operation() == Operation.CONNECT) {
            return admitted();
        }
        String node = identity.get();
        if (node.isEmpty()) {
            return forbid(request, "could not determine node from user \"" + request.user().name() + "\"");
        }
        if (request.group().isEmpty() && request.resource().equals("nodes")) {
            return admitNode(node, request);
        }
        if (request.group().equals("coordination.k8s.io") && request.resource().equals("leases") && version.atLeast(1, 14)) {
            return admitLease(node, request);
        }
        if (request.group().equals("certificates.k8s.io") && request.resource().equals("certificatesigningrequests")
                && request.operation() == Operation.CREATE) {
            return csrRule.admitCreate(request.newObject(), request.user());
        }
        return admitted();
    }

    private AdmissionDecision admitNode(String node, AdmissionRequest request) {
        boolean nameFirst = version.atLeast(1, 19); // ≈: older releases checked the new object first
        if (nameFirst && !request.name().equals(node)) {
            return notOwnNode(node, request);
        }
        if (request.operation() == Operation.CREATE) {
            JsonNode spec = request.newObject().path("spec");
            if (version.atLeast(1, 11) && present(spec.path("configSource"))) {
                // upstream's wording, "pods" included
                return forbid(request, "node \"" + node + "\" is not allowed to create pods with a non-nil configSource");
            }
            Set<String> forbidden = forbiddenLabels(modifiedLabels(labels(request.newObject()), Map.of()),
                    version.atLeast(1, 19));
            if (!forbidden.isEmpty()) {
                return forbid(request, "node \"" + node + "\" is not allowed to set the following labels: "
                        + String.join(", ", forbidden));
            }
        }
        if (!nameFirst && !request.name().equals(node)) {
            return notOwnNode(node, request);
        }
        if (request.operation() == Operation.UPDATE) {
            JsonNode newSpec = request.newObject().path("spec");
            JsonNode oldSpec = request.oldObject().path("spec");
            if (version.atLeast(1, 11) && present(newSpec.path("configSource"))
                    && !newSpec.path("configSource").equals(oldSpec.path("configSource"))) {
                return forbid(request, "node \"" + node + "\" is not allowed to update configSource to a new non-nil configSource");
            }
            if (version.atLeast(1, 11) && !emptyIfAbsent(newSpec.path("taints")).equals(emptyIfAbsent(oldSpec.path("taints")))) {
                return forbid(request, "node \"" + node + "\" is not allowed to modify taints");
            }
            Set<String> forbidden = forbiddenLabels(modifiedLabels(labels(request.newObject()), labels(request.oldObject())), true);
            if (!forbidden.isEmpty()) {
                // upstream leaves the node name out of this one
                return forbid(request, "is not allowed to modify labels: " + String.join(", ", forbidden));
            }
        }
        return admitted();
    }

    private AdmissionDecision notOwnNode(String node, AdmissionRequest request) {
        return forbid(request, "node \"" + node + "\" is not allowed to modify node \"" + request.name() + "\"");
    }

    private AdmissionDecision admitLease(String node, AdmissionRequest request) {
        if (!request.namespace().equals(NODE_LEASE_NAMESPACE)) {
            return forbid(request, "can only access leases in the \"" + NODE_LEASE_NAMESPACE + "\" system namespace");
        }
        if (!request.name().equals(node)) {
            return forbid(request, "can only access node lease with the same name as the requesting node");
        }
        return admitted();
    }

    /** Labels a node may not add, remove or change; before 1.13 none. */
    private Set<String> forbiddenLabels(Set<String> modified, boolean kubernetesLabelsToo) {
        TreeSet<String> forbidden = new TreeSet<>();
        if (!version.atLeast(1, 13)) {
            return forbidden;
        }
        for (String label : modified) {
            String namespace = labelNamespace(label);
            if (namespace.equals(NODE_RESTRICTION_LABEL_NAMESPACE) || namespace.endsWith("." + NODE_RESTRICTION_LABEL_NAMESPACE)) {
                forbidden.add(label);
            }
            if (kubernetesLabelsToo && isKubernetesLabel(namespace) && !isKubeletLabel(label, namespace)) {
                forbidden.add(label);
            }
        }
        return forbidden;
    }

    private boolean isKubeletLabel(String label, String namespace) {
        if (KUBELET_LABELS.contains(label) || version.atLeast(1, 17) && KUBELET_LABELS_1_17.contains(label)) {
            return true;
        }
        return KUBELET_LABEL_NAMESPACES.stream().anyMatch(n -> namespace.equals(n) || namespace.endsWith("." + n));
    }

    private static boolean isKubernetesLabel(String namespace) {
        return namespace.equals("kubernetes.io") || namespace.endsWith(".kubernetes.io")
                || namespace.equals("k8s.io") || namespace.endsWith(".k8s.io");
    }

    private static String labelNamespace(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? "" : key.substring(0, slash);
    }

    private static Map<String, String> labels(ObjectNode object) {
        Map<String, String> labels = new TreeMap<>();
        object.path("metadata").path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    private static Set<String> modifiedLabels(Map<String, String> a, Map<String, String> b) {
        Set<String> modified = new TreeSet<>();
        a.forEach((k, v) -> {
            if (!Objects.equals(b.get(k), v)) {
                modified.add(k);
            }
        });
        b.forEach((k, v) -> {
            if (!Objects.equals(a.get(k), v)) {
                modified.add(k);
            }
        });
        return modified;
    }

    private static boolean present(JsonNode node) {
        return !node.isMissingNode() && !node.isNull();
    }

    /** Semantic equality treats a missing and an empty taint list alike. */
    private static JsonNode emptyIfAbsent(JsonNode taints) {
        return taints.isArray() && !taints.isEmpty() ? taints : JsonNodeFactory.instance.arrayNode();
    }

    private static AdmissionDecision admitted() {
        return new AdmissionDecision.Admit(NAME);
    }

    private static AdmissionDecision forbid(AdmissionRequest request, String reason) {
        return new AdmissionDecision.Forbid(NAME, request.forbidden(reason));
    }
}
