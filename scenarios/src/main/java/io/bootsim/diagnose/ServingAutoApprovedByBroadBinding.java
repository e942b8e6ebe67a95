package io.bootsim.diagnose;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Kubelet serving certificates auto-approved for a whole group: a binding of a group to a
 * ClusterRole that grants certificatesigningrequests/selfnodeserver (the built-in approver used
 * it until 1.10), so any member gets a serving certificate for whatever names it asks for, unchecked.
 */
final class ServingAutoApprovedByBroadBinding implements StaticCheck {

    private static final String SELFNODESERVER_ROLE = "system:certificates.k8s.io:certificatesigningrequests:selfnodeserver";

    @Override
    public List<Finding> check(ClusterSnapshot s) {
        Set<String> servingRoles = new HashSet<>(Set.of(SELFNODESERVER_ROLE));
        for (ManifestFile m : s.manifests()) {
            for (JsonNode o : m.objects()) {
                if ("ClusterRole".equals(o.path("kind").asText()) && grantsSelfNodeServer(o)) {
                    servingRoles.add(o.path("metadata").path("name").asText());
                }
            }
        }
        List<Finding> out = new ArrayList<>();
        for (RbacBinding b : RbacBinding.in(s.manifests())) {
            if (!servingRoles.contains(b.roleRef())) {
                continue;
            }
            for (RbacBinding.Subject subject : b.subjects()) {
                if (subject.kind().equals("Group")) {
                    String effect = s.version().version().atLeast(1, 11)
                            ? " (since 1.11 the built-in approver ignores it, but an approver honouring it would not check the SANs)"
                            : "; csrapproving approves their serving CSRs without looking at the names they ask for";
                    out.add(new Finding(Severity.WARNING, b.file(), 0, "serving certificates are auto-approved for every "
                            + "member of " + subject.name() + " through " + b.kind() + " " + b.name() + effect,
                            b.describe(), "kubectl delete " + b.kind().toLowerCase(java.util.Locale.ROOT) + " " + b.name()
                            + " and approve serving CSRs after checking their SANs (kubectl certificate approve), or run "
                            + "an approver that verifies them"));
                }
            }
        }
        return out;
    }

    private static boolean grantsSelfNodeServer(JsonNode role) {
        for (JsonNode rule : role.path("rules")) {
            boolean resource = false;
            for (JsonNode r : rule.path("resources")) {
                resource |= r.asText().equals("certificatesigningrequests/selfnodeserver");
            }
            boolean create = false;
            for (JsonNode v : rule.path("verbs")) {
                create |= v.asText().equals("create") || v.asText().equals("*");
            }
            if (resource && create) {
                return true;
            }
        }
        return false;
    }
}
