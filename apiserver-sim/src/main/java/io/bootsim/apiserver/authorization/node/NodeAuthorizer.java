package io.bootsim.apiserver.authorization.node;

import io.bootsim.apiserver.authorization.Attributes;
import io.bootsim.apiserver.authorization.Authorizer;
import io.bootsim.apiserver.authorization.Decision;
import io.bootsim.core.api.GoFormat;
import io.bootsim.apiserver.authorization.rbac.PolicyRule;
import io.bootsim.apiserver.bootstrappolicy.BootstrapPolicy;
import io.bootsim.core.version.KubeVersion;

import java.util.List;
import java.util.Set;

/**
 * Mode Node (upstream: plugin/pkg/auth/authorizer/node/node_authorizer.go). Only nodes get
 * anything; it never denies. Secrets, configmaps, PVs, PVCs, volume attachments, resource claims
 * and service-account tokens are allowed only along the pod graph; bootsim serves no pods, so the
 * graph is empty and such objects get upstream's "no relationship" reason. Leases and CSINodes are
 * limited to the node's own name (≈1.14+); with AuthorizeNodeWithSelectors (on by default from
 * 1.32) nodes may read only their own Node and pods only through the graph. Everything else,
 * certificatesigningrequests included, is judged by the static {@code system:node} rules.
 */
public final class NodeAuthorizer implements Authorizer {

    private static final String NODE_LEASE_NAMESPACE = "kube-node-lease";
    private static final Set<String> GRAPH_READ = Set.of("secrets", "configmaps");
    private static final Set<String> GRAPH_GET = Set.of("persistentvolumeclaims", "persistentvolumes");

    private final List<PolicyRule> nodeRules;
    private final KubeVersion version;
    private final boolean withSelectors;

    public NodeAuthorizer(KubeVersion version) {
        this(version, BootstrapPolicy.nodeRules(version), version.atLeast(1, 32));
    }

    /** @param withSelectors the AuthorizeNodeWithSelectors feature gate */
    public NodeAuthorizer(KubeVersion version, List<PolicyRule> nodeRules, boolean withSelectors) {
        this.version = version;
        this.nodeRules = List.copyOf(nodeRules);
        this.withSelectors = withSelectors;
    }

    @Override
    public String name() {
        return "Node";
    }

    @Override
    public Decision authorize(Attributes a) {
        var identity = NodeIdentity.nodeName(a.user());
        if (identity.isEmpty()) {
            return noOpinion("");
        }
        String node = identity.get();
        if (node.isEmpty()) {
            return noOpinion("unknown node for user " + GoFormat.quote(a.user().name()));
        }
        if (a.resourceRequest()) {
            String group = a.apiGroup();
            String resource = a.resource();
            if (group.isEmpty() && GRAPH_READ.contains(resource)) {
                return readNamespacedObject(node, a);
            }
            if (group.isEmpty() && resource.equals("persistentvolumeclaims") && a.subresource().equals("status")) {
                return statusUpdate(node, a);
            }
            if (group.isEmpty() && GRAPH_GET.contains(resource)
                    || group.equals("storage.k8s.io") && resource.equals("volumeattachments")
                    || group.equals("resource.k8s.io") && resource.equals("resourceclaims")) {
                return get(node, a);
            }
            if (group.isEmpty() && resource.equals("serviceaccounts")) {
                return createToken(node, a);
            }
            if (version.atLeast(1, 14) && group.equals("coordination.k8s.io") && resource.equals("leases")) {
                return lease(node, a);
            }
            if (version.atLeast(1, 14) && group.equals("storage.k8s.io") && resource.equals("csinodes")) {
                return csiNode(node, a);
            }
            if (withSelectors && group.isEmpty() && resource.equals("nodes")) {
                return nodeObject(node, a);
            }
            if (withSelectors && group.isEmpty() && resource.equals("pods")) {
                return pod(node, a);
            }
        }
        for (PolicyRule rule : nodeRules) {
            if (rule.allows(a)) {
                return new Decision.Allow("", "system:node rules");
            }
        }
        return noOpinion("");
    }

    private Decision readNamespacedObject(String node, Attributes a) {
        if (!Set.of("get", "list", "watch").contains(a.verb())) {
            return noOpinion("can only read resources of this type");
        }
        if (!a.subresource().isEmpty()) {
            return noOpinion("cannot read subresource");
        }
        if (a.namespace().isEmpty()) {
            return noOpinion("can only read namespaced object of this type");
        }
        return related(node, a);
    }

    private Decision statusUpdate(String node, Attributes a) {
        if (!a.verb().equals("update") && !a.verb().equals("patch")) {
            return noOpinion("can only get/update/patch this type");
        }
        return related(node, a);
    }

    private Decision get(String node, Attributes a) {
        if (!a.verb().equals("get")) {
            return noOpinion("can only get individual resources of this type");
        }
        if (!a.subresource().isEmpty()) {
            return noOpinion("cannot get subresource");
        }
        return related(node, a);
    }

    private Decision createToken(String node, Attributes a) {
        if (!a.verb().equals("create") || a.name().isEmpty()) {
            return noOpinion("can only create tokens for individual service accounts");
        }
        if (!a.subresource().equals("token")) {
            return noOpinion("can only create token subresource of serviceaccount");
        }
        return noRelationship(node);
    }

    /** The graph walk: with no pods in bootsim nothing is related to a node. */
    private Decision related(String node, Attributes a) {
        if (a.name().isEmpty()) {
            return noOpinion("No Object name found");
        }
        return noRelationship(node);
    }

    private Decision noRelationship(String node) {
        // UNCERTAIN boundary: older releases quoted the node with %q, current ones with '%s'
        String quoted = version.atLeast(1, 20) ? "'" + node + "'" : GoFormat.quote(node);
        return noOpinion("no relationship found between node " + quoted + " and this object");
    }

    private Decision lease(String node, Attributes a) {
        if (!Set.of("get", "create", "update", "patch", "delete").contains(a.verb())) {
            return noOpinion("can only get, create, update, patch, or delete a node lease");
        }
        if (!a.namespace().equals(NODE_LEASE_NAMESPACE)) {
            return noOpinion("can only access leases in the " + GoFormat.quote(NODE_LEASE_NAMESPACE) + " system namespace");
        }
        // create carries no name; NodeRestriction checks it
        if (!a.verb().equals("create") && !a.name().equals(node)) {
            return noOpinion("can only access node lease with the same name as the requesting node");
        }
        return new Decision.Allow("", "own node lease");
    }

    private Decision csiNode(String node, Attributes a) {
        if (!Set.of("get", "create", "update", "patch", "delete").contains(a.verb())) {
            return noOpinion("can only get, create, update, patch, or delete a CSINode");
        }
        if (!a.subresource().isEmpty()) {
            return noOpinion("cannot authorize CSINode subresources");
        }
        if (!a.verb().equals("create") && !a.name().equals(node)) {
            return noOpinion("can only access CSINode with the same name as the requesting node");
        }
        return new Decision.Allow("", "own CSINode");
    }

    private Decision nodeObject(String node, Attributes a) {
        if (a.subresource().isEmpty()) {
            switch (a.verb()) {
                case "create", "update", "patch" -> {
                    return new Decision.Allow("", "node write (NodeRestriction limits the name)");
                }
                case "get", "list", "watch" -> {
                    if (a.name().equals(node)) {
                        return new Decision.Allow("", "own Node object");
                    }
                    return noOpinion(a.name().isEmpty() ? "node '" + node + "' cannot read all nodes, only its own Node object"
                            : "node '" + node + "' cannot read '" + a.name() + "', only its own Node object");
                }
                default -> {
                    return noOpinion("");
                }
            }
        }
        if (a.subresource().equals("status") && (a.verb().equals("update") || a.verb().equals("patch"))) {
            return new Decision.Allow("", "node status (NodeRestriction limits the name)");
        }
        return noOpinion("");
    }

    private Decision pod(String node, Attributes a) {
        switch (a.subresource()) {
            case "" -> {
                switch (a.verb()) {
                    case "get":
                        return get(node, a);
                    case "list", "watch":
                        // Attributes carry no field selector, so spec.nodeName=<node> cannot be seen here
                        return a.name().isEmpty() ? noOpinion("can only list/watch pods with spec.nodeName field selector")
                                : related(node, a);
                    case "create", "delete":
                        return new Decision.Allow("", "mirror pod (NodeRestriction limits it)");
                    default:
                        return noOpinion("");
                }
            }
            case "status" -> {
                if (a.verb().equals("update") || a.verb().equals("patch")) {
                    return new Decision.Allow("", "pod status (NodeRestriction limits it)");
                }
            }
            case "eviction" -> {
                if (a.verb().equals("create")) {
                    return new Decision.Allow("", "pod eviction (NodeRestriction limits it)");
                }
            }
            default -> {
            }
        }
        return noOpinion("");
    }

    private static Decision noOpinion(String reason) {
        return new Decision.NoOpinion(reason);
    }
}
