package io.bootsim.diagnose;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Anonymous requests are on (the default) and a binding gives system:anonymous or
 * system:unauthenticated a role beyond the public discovery roles: anyone who can reach the
 * apiserver gets it without a credential.
 */
final class AnonymousAuthWithBindings implements StaticCheck {

    // Roles the defaults and kubeadm themselves give to anonymous clients.
    private static final Set<String> PUBLIC_ROLES = Set.of("system:public-info-viewer", "system:discovery",
            "system:basic-user", "kubeadm:bootstrap-signer-clusterinfo");

    @Override
    public List<Finding> check(ClusterSnapshot s) {
        List<Finding> out = new ArrayList<>();
        if (s.apiserver().isEmpty()) {
            return out;
        }
        boolean anonymous = !s.apiserver().get().value("anonymous-auth").orElse("true").equals("false");
        if (!anonymous) {
            return out;
        }
        for (RbacBinding b : RbacBinding.in(s.manifests())) {
            boolean toAnonymous = b.binds("Group", "system:unauthenticated") || b.binds("User", "system:anonymous");
            if (toAnonymous && !PUBLIC_ROLES.contains(b.roleRef())) {
                out.add(new Finding(Severity.WARNING, b.file(), 0, "anonymous requests are allowed (--anonymous-auth "
                        + "defaults to true) and " + b.kind() + " " + b.name() + " gives unauthenticated clients the role "
                        + b.roleRef(), b.describe(), "kubectl delete " + b.kind().toLowerCase(java.util.Locale.ROOT) + " "
                        + b.name() + ", or run kube-apiserver with --anonymous-auth=false"));
            }
        }
        return out;
    }
}
