package io.bootsim.controller.app;

import io.bootsim.core.version.KubeVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --controllers} rules: a name enables, {@code -name} disables, {@code *} enables
 * every controller that is on by default (bootstrapsigner and tokencleaner are not); the first
 * entry naming a controller decides. From 1.28 controllers have long names and the short ones
 * are aliases; both are accepted. Only the controllers below are simulated; others are accepted
 * by name and do nothing.
 */
// upstream: cmd/kube-controller-manager/app/controllermanager.go IsControllerEnabled,
// cmd/kube-controller-manager/names/controller_names.go
public final class ControllerNames {

    public static final String CSR_SIGNING = "csrsigning";
    public static final String CSR_APPROVING = "csrapproving";
    public static final String CSR_CLEANER = "csrcleaner";
    public static final String BOOTSTRAP_SIGNER = "bootstrapsigner";
    public static final String TOKEN_CLEANER = "tokencleaner";
    public static final String NODE_LIFECYCLE = "nodelifecycle";
    /** Started before all others, outside the start order: the other controllers' tokens come from it. */
    public static final String SA_TOKEN = "serviceaccount-token";

    /** Simulated controllers, in upstream's start order, with their long names (1.28+). */
    static final Map<String, String> SIMULATED = Map.of(
            CSR_SIGNING, "certificatesigningrequest-signing-controller",
            CSR_APPROVING, "certificatesigningrequest-approving-controller",
            CSR_CLEANER, "certificatesigningrequest-cleaner-controller",
            BOOTSTRAP_SIGNER, "bootstrap-signer-controller",
            TOKEN_CLEANER, "token-cleaner-controller",
            NODE_LIFECYCLE, "node-lifecycle-controller",
            SA_TOKEN, "serviceaccount-token-controller");
    static final List<String> START_ORDER = List.of(BOOTSTRAP_SIGNER, TOKEN_CLEANER, NODE_LIFECYCLE,
            CSR_SIGNING, CSR_APPROVING, CSR_CLEANER);
    private static final Set<String> DISABLED_BY_DEFAULT = Set.of(BOOTSTRAP_SIGNER, TOKEN_CLEANER);

    /** Short names of the controllers bootsim does not simulate but real command lines name. */
    private static final Set<String> OTHERS = Set.of("attachdetach", "cloud-node-lifecycle", "clusterrole-aggregation",
            "cronjob", "daemonset", "deployment", "disruption", "endpoint", "endpointslice", "endpointslicemirroring",
            "ephemeral-volume", "garbagecollector", "horizontalpodautoscaling", "job", "namespace", "nodeipam",
            "persistentvolume-binder", "persistentvolume-expander", "podgc", "pv-protection", "pvc-protection",
            "replicaset", "replicationcontroller", "resourcequota", "root-ca-cert-publisher", "route", "service",
            "serviceaccount", "statefulset", "ttl", "ttl-after-finished", "csrsigning",
            "storage-version-gc", "resource-claim-controller", "legacy-service-account-token-cleaner",
            "validatingadmissionpolicy-status", "taint-eviction-controller", "service-cidr-controller",
            "storageversion-migrator-controller", "selinux-warning-controller", "node-route-controller");

    private ControllerNames() {
    }

    /** The name the emulated version logs for a controller: the long one from 1.28. */
    static String displayName(String shortName, KubeVersion version) {
        return version.atLeast(1, 28) ? SIMULATED.get(shortName) : shortName;
    }

    /** Upstream's validation message for each unknown name in {@code --controllers}. */
    static List<String> validate(List<String> controllers, KubeVersion version) {
        List<String> errors = new ArrayList<>();
        for (String entry : controllers) {
            if (entry.equals("*")) {
                continue;
            }
            String name = entry.startsWith("-") ? entry.substring(1) : entry;
            boolean known = SIMULATED.containsKey(name) || OTHERS.contains(name)
                    || (version.atLeast(1, 28) && (SIMULATED.containsValue(name) || name.endsWith("-controller")));
            if (!known) {
                errors.add("\"" + name + "\" is not in the list of known controllers");
            }
        }
        return errors;
    }

    static boolean isEnabled(String shortName, List<String> controllers) {
        String longName = SIMULATED.get(shortName);
        boolean star = false;
        for (String entry : controllers) {
            if (entry.equals(shortName) || entry.equals(longName)) {
                return true;
            }
            if (entry.equals("-" + shortName) || entry.equals("-" + longName)) {
                return false;
            }
            star |= entry.equals("*");
        }
        return star && !DISABLED_BY_DEFAULT.contains(shortName);
    }
}
