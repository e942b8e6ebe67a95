package io.bootsim.scenario.diagnosis;

import io.bootsim.core.trace.TraceEvent;

import java.util.List;
import java.util.Optional;

/**
 * The kubelet has a client certificate but may not register its Node: no Node authorizer in the
 * chain (B1), an identity that is not system:node:NAME in system:nodes (B2), or a node name other
 * than the one in the certificate, refused by NodeRestriction (B3, B4).
 */
final class RegistrationForbidden implements DiagnosisRule {

    @Override
    public Optional<Diagnosis> diagnose(TraceFacts facts) {
        Optional<TraceEvent> admission = facts.first("admission", e -> "denied".equals(e.field("result"))
                && String.valueOf(e.field("message")).contains("is not allowed to modify node"));
        if (admission.isPresent() && facts.kubelets().stream().noneMatch(facts::registered)) {
            TraceEvent e = admission.get();
            String message = String.valueOf(e.field("message"));
            String certName = between(message, "node \"", "\" is not allowed");
            return Optional.of(new Diagnosis(Stage.REGISTRATION, "kube-apiserver", TraceFacts.describe(e),
                    "NodeRestriction refused the registration: " + message + ". The kubelet's certificate says "
                            + "system:node:" + certName + ", but it registers under its host name.",
                    "--hostname-override=" + certName + " on the kubelet (or a certificate for the node's real name: "
                            + "delete its kubeconfig and client certificate and let it bootstrap)"));
        }
        Optional<TraceEvent> denied = facts.first("authorization", e -> Boolean.FALSE.equals(e.field("allowed"))
                && String.valueOf(e.field("request")).startsWith("POST /api/v1/nodes"));
        if (denied.isEmpty() || facts.kubelets().stream().anyMatch(facts::registered)) {
            return Optional.empty();
        }
        TraceEvent e = denied.get();
        String user = String.valueOf(e.field("user"));
        String chain = String.valueOf(e.field("chain"));
        List<String> groups = facts.authenticationOf(e).map(a -> a.field("groups") instanceof List<?> l
                ? l.stream().map(String::valueOf).toList() : List.<String>of()).orElse(List.of());
        if (!chain.contains("Node")) {
            return Optional.of(new Diagnosis(Stage.REGISTRATION, "kube-apiserver", TraceFacts.describe(e),
                    "\"" + user + "\" may not create its Node (403; " + chain + "): kube-apiserver runs --authorization-mode="
                            + facts.flag("kube-apiserver", "--authorization-mode").orElse("") + " without Node, and since "
                            + "1.8 no binding gives system:nodes the ClusterRole system:node.",
                    "--authorization-mode=Node,RBAC and --enable-admission-plugins=NodeRestriction on kube-apiserver "
                            + "(binding system:nodes to system:node also works, but lets every node read every secret)"));
        }
        String node = facts.kubelets().isEmpty() ? "NAME" : facts.kubelets().get(0).substring("kubelet/".length());
        return Optional.of(new Diagnosis(Stage.REGISTRATION, "kube-apiserver", TraceFacts.describe(e),
                "\"" + user + "\" (groups " + String.join(", ", groups) + ") may not create its Node (403; " + chain
                        + "): the Node authorizer only speaks for users named system:node:NAME in the group system:nodes, "
                        + "and a credential shared by all kubelets is not one.",
                "one identity per node: a client certificate with CN=system:node:" + node + ", O=system:nodes, which "
                        + "TLS bootstrapping gives (--bootstrap-kubeconfig, and no shared --kubeconfig)"));
    }

    private static String between(String s, String start, String end) {
        int a = s.indexOf(start);
        int b = a < 0 ? -1 : s.indexOf(end, a + start.length());
        return a < 0 || b < 0 ? "NAME" : s.substring(a + start.length(), b);
    }
}
