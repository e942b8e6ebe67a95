package io.bootsim.apiserver.authorization.rbac;

import io.bootsim.apiserver.authorization.Attributes;
import io.bootsim.core.api.GoFormat;

import java.util.ArrayList;
import java.util.List;

/**
 * "Who can": the subjects RBAC lets perform a request, the inverse of the authorizer (upstream
 * SubjectAccessEvaluator.AllowedSubjects, plugin/pkg/auth/authorizer/rbac/subject_locator.go).
 * The answer starts with Group system:masters (and the configured super user, if any), then the
 * subjects of every ClusterRoleBinding whose role allows the request, then, for a namespaced
 * request, of that namespace's RoleBindings. The request's user is ignored. Like upstream, a subject
 * bound twice is listed twice (upstream builds a de-duplicated list but returns the full one), and
 * a binding whose role is missing adds its error while the others still count.
 */
public final class SubjectLocator {

    /** The subjects found, in visiting order, and the aggregated resolution errors (null when none). */
    public record AllowedSubjects(List<Subject> subjects, String error) {
        public AllowedSubjects {
            subjects = List.copyOf(subjects);
        }
    }

    private static final String SYSTEM_PRIVILEGED_GROUP = "system:masters";

    private final RbacIndex index;
    private final RuleResolver resolver;
    private final String superUser;

    /** @param superUser a user name always allowed, or "" for none (kube-apiserver configures none) */
    public SubjectLocator(RbacIndex index, String superUser) {
        this.index = index;
        this.resolver = new RuleResolver(index);
        this.superUser = superUser;
    }

    public AllowedSubjects allowedSubjects(Attributes request) {
        List<Subject> subjects = new ArrayList<>(List.of(Subject.group(SYSTEM_PRIVILEGED_GROUP)));
        if (!superUser.isEmpty()) {
            subjects.add(Subject.user(superUser));
        }
        List<String> errors = new ArrayList<>();
        for (ClusterRoleBinding binding : index.clusterRoleBindings()) {
            collect(binding, "", request, subjects, errors);
        }
        if (!request.namespace().isEmpty()) {
            for (RoleBinding binding : index.roleBindings(request.namespace())) {
                collect(binding, request.namespace(), request, subjects, errors);
            }
        }
        return new AllowedSubjects(subjects, errors.isEmpty() ? null : GoFormat.aggregate(errors));
    }

    private void collect(Binding binding, String namespace, Attributes request, List<Subject> subjects, List<String> errors) {
        RuleResolver.Resolved resolved = resolver.roleReferenceRules(binding.roleRef(), namespace);
        if (resolved.error() != null) {
            errors.add(resolved.error());
        }
        if (resolved.rules().stream().anyMatch(rule -> rule.allows(request))) {
            subjects.addAll(binding.subjects());
        }
    }
}
