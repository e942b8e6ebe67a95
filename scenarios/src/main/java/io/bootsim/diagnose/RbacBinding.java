package io.bootsim.diagnose;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** A ClusterRoleBinding or RoleBinding from the manifests: who gets which role. */
public record RbacBinding(String kind, String namespace, String name, String roleRef, List<Subject> subjects, String file) {

    /** A binding subject: User, Group or ServiceAccount. */
    public record Subject(String kind, String name) {
        @Override
        public String toString() {
            return kind + " " + name;
        }
    }

    public static List<RbacBinding> in(List<ManifestFile> manifests) {
        List<RbacBinding> out = new ArrayList<>();
        for (ManifestFile f : manifests) {
            for (JsonNode o : f.objects()) {
                String kind = o.path("kind").asText();
                if (!kind.equals("ClusterRoleBinding") && !kind.equals("RoleBinding")) {
                    continue;
                }
                List<Subject> subjects = new ArrayList<>();
                o.path("subjects").forEach(s -> subjects.add(new Subject(s.path("kind").asText(), s.path("name").asText())));
                out.add(new RbacBinding(kind, o.path("metadata").path("namespace").asText(""),
                        o.path("metadata").path("name").asText(), o.path("roleRef").path("name").asText(), subjects,
                        f.path().toString()));
            }
        }
        return out;
    }

    public boolean binds(String subjectKind, String subjectName) {
        return subjects.stream().anyMatch(s -> s.kind().equals(subjectKind) && s.name().equals(subjectName));
    }

    /** {@code ClusterRoleBinding kubelet-bootstrap} */
    public String describe() {
        return kind + " " + (namespace.isEmpty() ? "" : namespace + "/") + name + " (role " + roleRef + ", subjects "
                + subjects + ")";
    }
}
