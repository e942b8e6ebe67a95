package io.bootsim.apiserver.authorization.rbac;

import io.bootsim.apiserver.authentication.UserInfo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The RBAC objects the authorizer reads (upstream: the informer listers), fed by the API storage
 * with put/remove as objects change. Bindings are indexed by the user names and groups their
 * subjects name, so a decision looks up the requester's few keys instead of scanning every
 * binding. Visiting order is by binding name, which makes "which binding allowed" deterministic
 * where upstream's lister order is not.
 */
public final class RbacIndex {

    private static final Comparator<Binding> BY_NAME = Comparator.comparing(Binding::name);

    private final Map<String, ClusterRole> clusterRoles = new ConcurrentHashMap<>();
    private final Map<String, Role> roles = new ConcurrentHashMap<>();
    private final Map<String, ClusterRoleBinding> clusterRoleBindings = new ConcurrentHashMap<>();
    private final Map<String, RoleBinding> roleBindings = new ConcurrentHashMap<>();
    /** Subject key (see {@link #userKey}, {@link #groupKey}) to the bindings naming it, sorted by name. */
    private final Map<String, List<Binding>> bySubject = new ConcurrentHashMap<>();
    /** Effective rules of aggregated ClusterRoles; cleared whenever any ClusterRole changes. */
    private final Map<String, List<PolicyRule>> aggregatedRules = new ConcurrentHashMap<>();

    public void putClusterRole(ClusterRole role) {
        clusterRoles.put(role.name(), role);
        aggregatedRules.clear();
    }

    public void removeClusterRole(String name) {
        clusterRoles.remove(name);
        aggregatedRules.clear();
    }

    public void putRole(Role role) {
        roles.put(role.namespace() + "/" + role.name(), role);
    }

    public void removeRole(String namespace, String name) {
        roles.remove(namespace + "/" + name);
    }

    public synchronized void putClusterRoleBinding(ClusterRoleBinding binding) {
        unindex(clusterRoleBindings.put(binding.name(), binding));
        index(binding);
    }

    public synchronized void removeClusterRoleBinding(String name) {
        unindex(clusterRoleBindings.remove(name));
    }

    public synchronized void putRoleBinding(RoleBinding binding) {
        unindex(roleBindings.put(binding.namespace() + "/" + binding.name(), binding));
        index(binding);
    }

    public synchronized void removeRoleBinding(String namespace, String name) {
        unindex(roleBindings.remove(namespace + "/" + name));
    }

    public Optional<ClusterRole> clusterRole(String name) {
        return Optional.ofNullable(clusterRoles.get(name));
    }

    public Optional<Role> role(String namespace, String name) {
        return Optional.ofNullable(roles.get(namespace + "/" + name));
    }

    public List<ClusterRole> clusterRoles() {
        return clusterRoles.values().stream().sorted(Comparator.comparing(ClusterRole::name)).toList();
    }

    /** Every ClusterRoleBinding, by name. */
    public List<ClusterRoleBinding> clusterRoleBindings() {
        return clusterRoleBindings.values().stream().sorted(BY_NAME).map(ClusterRoleBinding.class::cast).toList();
    }

    /** The RoleBindings of a namespace, by name. */
    public List<RoleBinding> roleBindings(String namespace) {
        return roleBindings.values().stream().filter(b -> b.namespace().equals(namespace)).sorted(BY_NAME)
                .map(RoleBinding.class::cast).toList();
    }

    /**
     * A ClusterRole's effective rules: its own, or for an aggregated role what the aggregation
     * controller would have written by now.
     */
    public Optional<List<PolicyRule>> clusterRoleRules(String name) {
        ClusterRole role = clusterRoles.get(name);
        if (role == null) {
            return Optional.empty();
        }
        return Optional.of(effectiveRules(role, new HashSet<>()));
    }

    /** A role in a selector cycle contributes its stored rules, as the controller would read them mid-way. */
    private List<PolicyRule> effectiveRules(ClusterRole role, Set<String> visiting) {
        if (!role.aggregated()) {
            return role.rules();
        }
        List<PolicyRule> cached = aggregatedRules.get(role.name());
        if (cached != null) {
            return cached;
        }
        if (!visiting.add(role.name())) {
            return role.rules();
        }
        List<PolicyRule> rules = ClusterRoleAggregation.aggregate(role, clusterRoles.values(),
                candidate -> effectiveRules(candidate, visiting));
        visiting.remove(role.name());
        aggregatedRules.put(role.name(), rules);
        return rules;
    }

    /** ClusterRoleBindings with a subject that applies to the user, by name. */
    public List<ClusterRoleBinding> clusterRoleBindingsFor(UserInfo user) {
        return bindingsFor(user, "", ClusterRoleBinding.class::cast);
    }

    /** RoleBindings in the namespace with a subject that applies to the user, by name. */
    public List<RoleBinding> roleBindingsFor(UserInfo user, String namespace) {
        return bindingsFor(user, namespace, RoleBinding.class::cast);
    }

    private <B extends Binding> List<B> bindingsFor(UserInfo user, String namespace, Function<Binding, B> cast) {
        List<Binding> found = bySubject.getOrDefault(userKey(namespace, user.name()), List.of());
        boolean merged = false;
        for (String group : user.groups()) {
            List<Binding> more = bySubject.get(groupKey(namespace, group));
            if (more == null) {
                continue;
            }
            if (found.isEmpty()) {
                found = more;
            } else {
                if (!merged) {
                    found = new ArrayList<>(found);
                    merged = true;
                }
                for (Binding b : more) {
                    if (!found.contains(b)) {
                        found.add(b);
                    }
                }
            }
        }
        if (merged) {
            found.sort(BY_NAME);
        }
        List<B> out = new ArrayList<>(found.size());
        for (Binding b : found) {
            out.add(cast.apply(b));
        }
        return out;
    }

    private void index(Binding binding) {
        for (String key : keys(binding)) {
            bySubject.compute(key, (k, list) -> {
                List<Binding> copy = list == null ? new ArrayList<>() : new ArrayList<>(list);
                copy.add(binding);
                copy.sort(BY_NAME);
                return List.copyOf(copy);
            });
        }
    }

    private void unindex(Binding old) {
        if (old == null) {
            return;
        }
        for (String key : keys(old)) {
            bySubject.computeIfPresent(key, (k, list) -> {
                List<Binding> copy = new ArrayList<>(list);
                copy.remove(old);
                return copy.isEmpty() ? null : List.copyOf(copy);
            });
        }
    }

    private static List<String> keys(Binding binding) {
        List<String> keys = new ArrayList<>(binding.subjects().size());
        for (Subject s : binding.subjects()) {
            String key = Subject.GROUP.equals(s.kind()) ? groupKey(binding.namespace(), s.name())
                    : s.userName(binding.namespace()) == null ? null : userKey(binding.namespace(), s.userName(binding.namespace()));
            if (key != null && !keys.contains(key)) {
                keys.add(key);
            }
        }
        return keys;
    }

    private static String userKey(String namespace, String user) {
        return namespace + "\u0000u\u0000" + user;
    }

    private static String groupKey(String namespace, String group) {
        return namespace + "\u0000g\u0000" + group;
    }
}
