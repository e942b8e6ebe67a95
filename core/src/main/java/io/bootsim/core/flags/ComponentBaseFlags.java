package io.bootsim.core.flags;

import io.bootsim.core.version.KubeVersion;

import java.util.List;

/**
 * The flags every Kubernetes component takes from component-base: {@code --v} (klog verbosity) and
 * {@code --emulated-version}, which real components accept since 1.31 and which bootsim uses to
 * choose the release whose behaviour it reproduces.
 */
public record ComponentBaseFlags(Flag<Integer> verbosity, Flag<List<String>> emulatedVersion) {

    public static final String SECTION = "Logs";

    /** Declares both flags in {@code flags}. */
    public static ComponentBaseFlags declare(FlagSet flags) {
        Flag<Integer> v = flags.add(SECTION, Flag.of("v", FlagType.LEVEL, 0,
                "number for the log level verbosity").shorthand("v"));
        Flag<List<String>> emulated = flags.add("Generic", Flag.of("emulated-version", FlagType.STRING_SLICE,
                List.of(), "The versions different components emulate their capabilities (APIs, features, ...) of. "
                        + "Version format could only be major.minor, for example: '--emulated-version=kube=1.31'. "
                        + "Options are: kube=" + KubeVersion.OLDEST + ".." + KubeVersion.NEWEST
                        + " (default: " + KubeVersion.NEWEST + "). If the component is not specified, defaults to \"kube\""));
        return new ComponentBaseFlags(v, emulated);
    }

    /**
     * The emulated Kubernetes release: {@code 1.9} or {@code kube=1.9}; the newest when unset.
     *
     * @throws IllegalArgumentException with the flag named, for a malformed or unsupported value
     */
    public KubeVersion emulatedVersion(ParsedFlags parsed) {
        KubeVersion chosen = KubeVersion.NEWEST;
        for (String entry : parsed.get(emulatedVersion)) {
            String value = entry.trim();
            int eq = value.indexOf('=');
            if (eq >= 0) {
                String component = value.substring(0, eq).trim();
                if (!component.equals("kube")) {
                    throw new IllegalArgumentException("invalid argument \"" + entry + "\" for \"--emulated-version\" flag: "
                            + "unknown component \"" + component + "\": bootsim emulates only \"kube\"");
                }
                value = value.substring(eq + 1).trim();
            }
            try {
                chosen = KubeVersion.parse(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid argument \"" + entry + "\" for \"--emulated-version\" flag: "
                        + e.getMessage(), e);
            }
        }
        return chosen;
    }
}
