package io.bootsim.scenario.diagnosis;

import io.bootsim.core.trace.TraceEvent;

import java.util.List;
import java.util.Optional;

/**
 * The bootstrap identity may not create CSRs (403): no binding to system:node-bootstrapper for it
 * or its groups (C1), a binding for the wrong subject (C2), a token whose group the bindings do not
 * name (A6), or no RBAC in --authorization-mode at all (B6).
 */
final class BootstrapNotAuthorized implements DiagnosisRule {

    @Override
    public Optional<Diagnosis> diagnose(TraceFacts facts) {
        Optional<TraceEvent> denied = facts.first("authorization", e -> "create".equals(e.field("verb"))
                && Boolean.FALSE.equals(e.field("allowed"))
                && String.valueOf(e.field("request")).contains("/certificatesigningrequests"));
        if (denied.isEmpty() || facts.kubelets().stream().allMatch(facts::hasClientCertificate)) {
            return Optional.empty();
        }
        TraceEvent e = denied.get();
        String user = String.valueOf(e.field("user"));
        String chain = String.valueOf(e.field("chain"));
        String decisive = TraceFacts.describe(e);
        String modes = facts.flag("kube-apiserver", "--authorization-mode").orElse("AlwaysAllow");
        if (!chain.contains("RBAC") && !chain.contains("ABAC")) {
            return Optional.of(new Diagnosis(Stage.CSR_CREATION, "kube-apiserver", decisive,
                    "user \"" + user + "\" may not create certificatesigningrequests (403; " + chain + "): kube-apiserver runs "
                            + "--authorization-mode=" + modes + ", and the Node authorizer speaks only for node identities "
                            + "(system:node:NAME in system:nodes), so no authorizer allows the bootstrap identity; RBAC "
                            + "bindings are never read.",
                    "--authorization-mode=Node,RBAC on kube-apiserver, with the bootstrap bindings."));
        }
        List<String> groups = facts.authenticationOf(e).map(a -> a.field("groups") instanceof List<?> l
                ? l.stream().map(String::valueOf).filter(g -> !g.equals("system:authenticated")).toList()
                : List.<String>of()).orElse(List.of());
        String who = "user \"" + user + "\"" + (groups.isEmpty() ? "" : " (groups " + String.join(", ", groups) + ")");
        String cause = who + " may not create certificatesigningrequests (403 Forbidden; " + chain + "): no "
                + "ClusterRoleBinding gives it, or a group it is in, the ClusterRole system:node-bootstrapper.";
        if (user.startsWith("system:bootstrap:")) {
            // a bootstrap token's user changes with every token: bind the group all tokens share
            return Optional.of(new Diagnosis(Stage.CSR_CREATION, "kube-apiserver", decisive,
                    cause + " It authenticated with a bootstrap token; bindings for a user such as kubelet-bootstrap "
                            + "do not apply to it.",
                    "kubectl create clusterrolebinding kubelet-bootstrap --clusterrole=system:node-bootstrapper "
                            + "--group=system:bootstrappers (and the nodeclient binding for the same group)"));
        }
        if (!groups.isEmpty() && !groups.contains("system:bootstrappers")) {
            String group = groups.get(0);
            return Optional.of(new Diagnosis(Stage.CSR_CREATION, "kube-apiserver", decisive,
                    cause + " Its token puts it in " + group + ", not in system:bootstrappers, the group the TLS "
                            + "bootstrapping bindings conventionally name.",
                    "change the token's group to \"system:bootstrappers\" in --token-auth-file (and restart "
                            + "kube-apiserver), or bind the group it has: kubectl create clusterrolebinding "
                            + "kubelet-bootstrap --clusterrole=system:node-bootstrapper --group=" + group));
        }
        return Optional.of(new Diagnosis(Stage.CSR_CREATION, "kube-apiserver", decisive, cause,
                "kubectl create clusterrolebinding kubelet-bootstrap --clusterrole=system:node-bootstrapper --user="
                        + user + " (or --group= the group in the token file's fourth column)"));
    }
}
