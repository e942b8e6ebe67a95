package io.bootsim.diagnose;

import java.util.ArrayList;
import java.util.List;

/**
 * cluster-admin bound to system:authenticated or system:unauthenticated (the "make auto-scaling
 * work" anti-pattern): every bootstrap token, node and service account becomes an administrator.
 */
final class BroadClusterAdminBinding implements StaticCheck {

    @Override
    public List<Finding> check(ClusterSnapshot s) {
        List<Finding> out = new ArrayList<>();
        for (RbacBinding b : RbacBinding.in(s.manifests())) {
            if (!b.roleRef().equals("cluster-admin")) {
                continue;
            }
            for (String group : List.of("system:authenticated", "system:unauthenticated")) {
                if (b.binds("Group", group)) {
                    out.add(new Finding(Severity.WARNING, b.file(), 0, "cluster-admin is bound to " + group
                            + ": every " + (group.endsWith(":authenticated") ? "authenticated client (bootstrap tokens, "
                            + "nodes, service accounts)" : "client, even without credentials,") + " is a cluster administrator",
                            b.describe(), "kubectl delete " + b.kind().toLowerCase(java.util.Locale.ROOT) + " " + b.name()
                            + " and bind the narrow roles the clients need (system:node-bootstrapper, the nodeclient "
                            + "ClusterRoles)"));
                }
            }
        }
        return out;
    }
}
