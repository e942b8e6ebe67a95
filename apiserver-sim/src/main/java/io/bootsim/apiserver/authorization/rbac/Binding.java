package io.bootsim.apiserver.authorization.rbac;

import io.bootsim.apiserver.authentication.UserInfo;

import java.util.List;

/** What ClusterRoleBindings and RoleBindings share: a role reference granted to subjects. */
public sealed interface Binding permits ClusterRoleBinding, RoleBinding {

    ObjectMeta metadata();

    RoleRef roleRef();

    List<Subject> subjects();

    /** The binding's namespace; empty for ClusterRoleBindings. */
    String namespace();

    /** The allow-reason source naming this binding, its role and the subject that matched. */
    String describe(Subject subject);

    default String name() {
        return metadata().name();
    }

    /** The first subject that applies to the user, or null (upstream rule.go appliesTo). */
    default Subject firstSubjectFor(UserInfo user) {
        for (Subject s : subjects()) {
            if (s.appliesTo(user, namespace())) {
                return s;
            }
        }
        return null;
    }
}
