package io.bootsim.apiserver.admission;

import io.bootsim.core.version.KubeVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The admission plugins a kube-apiserver release knows, in its recommended order
 * (AllOrderedPlugins), which of them are on by default, and how the flags choose the chain:
 * <ul>
 * <li>1.9: only {@code --admission-control}, an ordered list used as given (default AlwaysAdmit);</li>
 * <li>1.10+: the defaults, plus {@code --enable-admission-plugins}, minus
 * {@code --disable-admission-plugins}, always run in the recommended order; the deprecated
 * {@code --admission-control} enables exactly its names (still in the recommended order) and may
 * not be combined with the other two.</li>
 * </ul>
 * Dates marked ≈ were read from stored upstream versions, not tags.
 */
// upstream: pkg/kubeapiserver/options/plugins.go, pkg/kubeapiserver/options/admission.go,
// staging/src/k8s.io/apiserver/pkg/server/options/admission.go
public final class AdmissionPlugins {

    /** A plugin name, the releases that register it, and since when it is on by default (null: never). */
    private record Plugin(String name, int since, int until, Integer onSince) {
        boolean registered(KubeVersion v) {
            return v.atLeast(1, since) && !v.atLeast(1, until + 1);
        }

        boolean onByDefault(KubeVersion v) {
            return onSince != null && v.atLeast(1, onSince) && registered(v);
        }
    }

    private static final int ALWAYS = 9;
    private static final int STILL = 99;

    // Recommended order; mutating and validating plugins are interleaved as upstream lists them.
    private static final List<Plugin> CATALOG = List.of(
            new Plugin("AlwaysAdmit", ALWAYS, STILL, null),
            new Plugin("NamespaceAutoProvision", ALWAYS, STILL, null),
            new Plugin("NamespaceLifecycle", ALWAYS, STILL, 10),
            new Plugin("NamespaceExists", ALWAYS, STILL, null),
            new Plugin("SecurityContextDeny", ALWAYS, 29, null),
            new Plugin("LimitPodHardAntiAffinityTopology", ALWAYS, STILL, null),
            new Plugin("PodPreset", ALWAYS, 19, null),
            new Plugin("LimitRanger", ALWAYS, STILL, 10),
            new Plugin("ServiceAccount", ALWAYS, STILL, 10),
            new Plugin(NodeRestriction.NAME, ALWAYS, STILL, null),
            new Plugin("TaintNodesByCondition", 12, STILL, 12),
            new Plugin("AlwaysPullImages", ALWAYS, STILL, null),
            new Plugin("ImagePolicyWebhook", ALWAYS, STILL, null),
            new Plugin("PodSecurityPolicy", ALWAYS, 24, null),
            new Plugin("PodSecurity", 22, STILL, 23),
            new Plugin("PodNodeSelector", ALWAYS, STILL, null),
            new Plugin("Priority", ALWAYS, STILL, 11), // PodPriority gate beta in 1.11
            new Plugin("DefaultTolerationSeconds", ALWAYS, STILL, 10),
            new Plugin("PodTolerationRestriction", ALWAYS, STILL, null),
            new Plugin("DenyEscalatingExec", ALWAYS, 20, null),
            new Plugin("DenyExecOnPrivileged", ALWAYS, 20, null),
            new Plugin("EventRateLimit", ALWAYS, STILL, null),
            new Plugin("ExtendedResourceToleration", ALWAYS, STILL, null),
            new Plugin("PersistentVolumeLabel", ALWAYS, 25, null), // ≈ removal
            new Plugin("DefaultStorageClass", ALWAYS, STILL, 10),
            new Plugin("StorageObjectInUseProtection", 10, STILL, 12), // ≈ default since
            new Plugin("OwnerReferencesPermissionEnforcement", ALWAYS, STILL, null),
            new Plugin("PersistentVolumeClaimResize", ALWAYS, STILL, 10),
            new Plugin("RuntimeClass", 16, STILL, 16),
            new Plugin("CertificateApproval", 18, STILL, 18),
            new Plugin("CertificateSigning", 18, STILL, 18),
            new Plugin("ClusterTrustBundleAttest", 27, STILL, 27),
            new Plugin("CertificateSubjectRestriction", 18, STILL, 18),
            new Plugin("DefaultIngressClass", 18, STILL, 18),
            new Plugin("DenyServiceExternalIPs", 21, STILL, null),
            new Plugin("PodTopologyLabels", 33, STILL, 33),
            new Plugin("Initializers", ALWAYS, 13, null),
            new Plugin("MutatingAdmissionPolicy", 32, STILL, 32),
            new Plugin("MutatingAdmissionWebhook", ALWAYS, STILL, 10),
            new Plugin("ValidatingAdmissionPolicy", 26, STILL, 26),
            new Plugin("ValidatingAdmissionWebhook", ALWAYS, STILL, 10),
            new Plugin("ResourceQuota", ALWAYS, STILL, 10),
            new Plugin("AlwaysDeny", ALWAYS, STILL, null));

    /** The chain the flags select, or the errors kube-apiserver refuses to start with (in its order). */
    public sealed interface Selection {
    }

    public record Enabled(List<String> plugins) implements Selection {
        public Enabled {
            plugins = List.copyOf(plugins);
        }
    }

    /** Upstream aggregates these; 1.9 reports a single initialization error. */
    public record Invalid(List<String> errors) implements Selection {
        public Invalid {
            errors = List.copyOf(errors);
        }
    }

    private AdmissionPlugins() {
    }

    public static List<String> registered(KubeVersion version) {
        return CATALOG.stream().filter(p -> p.registered(version)).map(Plugin::name).toList();
    }

    public static List<String> defaultEnabled(KubeVersion version) {
        if (!version.atLeast(1, 10)) {
            return List.of("AlwaysAdmit");
        }
        return CATALOG.stream().filter(p -> p.onByDefault(version)).map(Plugin::name).toList();
    }

    /**
     * @param enable           --enable-admission-plugins (ignored before 1.10, where the flag does not exist)
     * @param disable          --disable-admission-plugins (likewise)
     * @param admissionControl --admission-control when given on the command line
     */
    public static Selection select(KubeVersion version, List<String> enable, List<String> disable,
                                   Optional<List<String>> admissionControl) {
        List<String> known = registered(version);
        if (!version.atLeast(1, 10)) {
            List<String> chain = admissionControl.orElse(List.of("AlwaysAdmit"));
            for (String name : chain) {
                if (!name.isEmpty() && !known.contains(name)) {
                    // plugins.go InitPlugin, wrapped by kube-apiserver's BuildGenericConfig (≈)
                    return new Invalid(List.of("failed to initialize admission: unknown admission plugin: " + name));
                }
            }
            return new Enabled(chain.stream().filter(n -> !n.isEmpty()).toList());
        }
        List<String> errors = new ArrayList<>();
        if (admissionControl.isPresent() && (!enable.isEmpty() || !disable.isEmpty())) {
            errors.add("admission-control and enable-admission-plugins/disable-admission-plugins flags are mutually exclusive");
        }
        admissionControl.ifPresent(names -> names.stream().filter(n -> !known.contains(n))
                .forEach(n -> errors.add("admission-control plugin \"" + n + "\" is unknown")));
        enable.stream().filter(n -> !known.contains(n))
                .forEach(n -> errors.add("enable-admission-plugins plugin \"" + n + "\" is unknown"));
        disable.stream().filter(n -> !known.contains(n))
                .forEach(n -> errors.add("disable-admission-plugins plugin \"" + n + "\" is unknown"));
        TreeSet<String> overlap = new TreeSet<>(enable);
        overlap.retainAll(disable);
        if (!overlap.isEmpty()) {
            errors.add("[" + String.join(" ", overlap) + "] in enable-admission-plugins and disable-admission-plugins overlapped");
        }
        if (!errors.isEmpty()) {
            return new Invalid(errors);
        }
        List<String> on;
        if (admissionControl.isPresent()) {
            on = admissionControl.get(); // computePluginNames: exactly these, the rest disabled
        } else {
            on = new ArrayList<>(defaultEnabled(version));
            on.addAll(enable);
            on.removeAll(disable);
        }
        List<String> chosen = on;
        return new Enabled(known.stream().filter(chosen::contains).toList());
    }
}
