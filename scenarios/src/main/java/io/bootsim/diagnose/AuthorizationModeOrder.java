package io.bootsim.diagnose;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code --authorization-mode} that puts RBAC before Node (B5: node requests are decided by RBAC
 * first, its misses flood the log and tempt people to bind system:nodes to system:node), or has
 * RBAC without Node (B1), or Node without RBAC (B6).
 */
final class AuthorizationModeOrder implements StaticCheck {

    @Override
    public List<Finding> check(ClusterSnapshot s) {
        List<Finding> out = new ArrayList<>();
        Optional<CommandLineFlag> flag = s.apiserver().flatMap(a -> a.flag("authorization-mode"));
        if (flag.isEmpty()) {
            return out;
        }
        List<String> modes = List.of(flag.get().value().orElse("").split(","));
        int rbac = modes.indexOf("RBAC");
        int node = modes.indexOf("Node");
        CommandLineFlag f = flag.get();
        if (rbac >= 0 && node > rbac) {
            out.add(new Finding(Severity.WARNING, f.file(), f.line(), "RBAC comes before Node: every kubelet request is "
                    + "first asked of RBAC, whose misses are logged as denials although Node then allows them, and "
                    + "the usual \"fix\" (binding system:nodes to system:node) disables the Node authorizer's restrictions",
                    f.text(), "--authorization-mode=" + reordered(modes)));
        } else if (rbac >= 0 && node < 0) {
            out.add(new Finding(Severity.WARNING, f.file(), f.line(), "RBAC without Node: since 1.8 no binding gives "
                    + "kubelets their API access, so registered nodes are forbidden to list and update their objects "
                    + "unless a binding grants system:node to every node (and with it every secret)",
                    f.text(), "--authorization-mode=Node," + String.join(",", modes)
                    + " and --enable-admission-plugins=NodeRestriction"));
        } else if (node >= 0 && rbac < 0 && !modes.contains("ABAC") && !modes.contains("AlwaysAllow")) {
            out.add(new Finding(Severity.WARNING, f.file(), f.line(), "Node without RBAC: the Node authorizer speaks "
                    + "only for node identities, so the bootstrap identity and the controllers are refused",
                    f.text(), "--authorization-mode=" + String.join(",", modes) + ",RBAC"));
        }
        return out;
    }

    private static String reordered(List<String> modes) {
        List<String> out = new ArrayList<>(modes);
        out.remove("Node");
        out.add(out.indexOf("RBAC"), "Node");
        return String.join(",", out);
    }
}
