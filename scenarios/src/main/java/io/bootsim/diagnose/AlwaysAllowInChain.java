package io.bootsim.diagnose;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * AlwaysAllow in the authorizer chain (or no --authorization-mode, whose default is AlwaysAllow):
 * every authenticated request is allowed from there on, so the bootstrap identity can do anything.
 */
final class AlwaysAllowInChain implements StaticCheck {

    @Override
    public List<Finding> check(ClusterSnapshot s) {
        List<Finding> out = new ArrayList<>();
        if (s.apiserver().isEmpty()) {
            return out;
        }
        ComponentCommandLine a = s.apiserver().get();
        Optional<CommandLineFlag> flag = a.flag("authorization-mode");
        if (flag.isEmpty()) {
            out.add(new Finding(Severity.WARNING, a.source(), 0, "no --authorization-mode: kube-apiserver's default is "
                    + "AlwaysAllow, so any authenticated client (a bootstrap token included) may do anything",
                    "--authorization-mode unset (default \"AlwaysAllow\")", "--authorization-mode=Node,RBAC"));
        } else if (List.of(flag.get().value().orElse("").split(",")).contains("AlwaysAllow")) {
            CommandLineFlag f = flag.get();
            out.add(new Finding(Severity.WARNING, f.file(), f.line(), "AlwaysAllow in the authorizer chain: every request "
                    + "the authorizers before it do not allow is allowed by it, for every authenticated user",
                    f.text(), "remove AlwaysAllow: --authorization-mode=Node,RBAC"));
        }
        return out;
    }
}
