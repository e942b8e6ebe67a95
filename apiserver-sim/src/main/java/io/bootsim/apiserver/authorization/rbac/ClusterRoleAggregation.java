package io.bootsim.apiserver.authorization.rbac;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * What kube-controller-manager's clusterrole-aggregation controller writes into an aggregated
 * ClusterRole: for each selector in order, the rules of every other ClusterRole it matches,
 * visited by name, each rule once (upstream: pkg/controller/clusterroleaggregation/
 * clusterroleaggregation_controller.go). The controller reads each matched role's stored rules,
 * which for an aggregated one (edit inside admin, view inside edit) are its own aggregation once
 * the controller has settled; {@code rulesOf} gives those settled rules.
 */
public final class ClusterRoleAggregation {

    private ClusterRoleAggregation() {
    }

    public static List<PolicyRule> aggregate(ClusterRole role, Collection<ClusterRole> all,
                                             Function<ClusterRole, List<PolicyRule>> rulesOf) {
        if (!role.aggregated()) {
            return role.rules();
        }
        List<ClusterRole> byName = new ArrayList<>(all);
        byName.sort(Comparator.comparing(ClusterRole::name));
        List<PolicyRule> rules = new ArrayList<>();
        for (LabelSelector selector : role.aggregationRule()) {
            for (ClusterRole candidate : byName) {
                if (candidate.name().equals(role.name()) || !selector.matches(candidate.metadata().labels())) {
                    continue;
                }
                for (PolicyRule rule : rulesOf.apply(candidate)) {
                    if (!rules.contains(rule)) {
                        rules.add(rule);
                    }
                }
            }
        }
        return List.copyOf(rules);
    }
}
