package io.bootsim.diagnose;

import io.bootsim.core.version.KubeVersion;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which Kubernetes release the files describe, and how we know: given with
 * {@code --emulated-version}, the image tag of a static-pod manifest, an {@code --emulated-version}
 * flag on a command line, or a flag that only the 1.9 era had; else the newest release.
 */
public record EmulatedVersion(KubeVersion version, String origin) {

    private static final Pattern TAG = Pattern.compile(":v?(\\d+\\.\\d+)(?:\\.\\d+)?(?:[-+@].*)?$");

    /** Flags that real binaries dropped after the 1.9 era: their presence dates a unit. */
    private static final List<String> ERA_1_9_FLAGS = List.of("require-kubeconfig", "experimental-bootstrap-kubeconfig",
            "admission-control", "experimental-cluster-signing-duration", "insecure-experimental-approve-all-kubelet-csrs-for-group");

    public static EmulatedVersion resolve(Optional<String> given, List<StaticPodManifest> manifests,
                                          List<ComponentCommandLine> commandLines) {
        if (given.isPresent()) {
            return new EmulatedVersion(KubeVersion.parse(given.get()), "given with --emulated-version");
        }
        for (StaticPodManifest m : manifests) {
            Optional<String> image = m.image();
            if (image.isEmpty()) {
                continue;
            }
            Matcher t = TAG.matcher(image.get());
            if (t.find()) {
                return clamped(t.group(1), "the image " + image.get() + " in " + m.commandLine().source()
                        + (m.imageLine() > 0 ? ":" + m.imageLine() : ""));
            }
        }
        for (ComponentCommandLine c : commandLines) {
            Optional<CommandLineFlag> f = c.flag("emulated-version");
            if (f.isPresent() && f.get().value().isPresent()) {
                return clamped(f.get().value().get(), f.get().text() + " at " + f.get().file() + ":" + f.get().line());
            }
        }
        for (ComponentCommandLine c : commandLines) {
            for (String old : ERA_1_9_FLAGS) {
                Optional<CommandLineFlag> f = c.flag(old);
                if (f.isPresent()) {
                    return new EmulatedVersion(KubeVersion.OLDEST, "--" + old + " at " + f.get().file() + ":" + f.get().line()
                            + " (a flag of the 1.9 era; pass --emulated-version to choose another release)");
                }
            }
        }
        return new EmulatedVersion(KubeVersion.NEWEST, "no version in the files; the newest release bootsim emulates "
                + "(pass --emulated-version to choose)");
    }

    private static EmulatedVersion clamped(String text, String origin) {
        Matcher m = Pattern.compile("(\\d+)\\.(\\d+)").matcher(text);
        if (!m.find()) {
            return new EmulatedVersion(KubeVersion.NEWEST, "unreadable version \"" + text + "\" in " + origin
                    + "; the newest release");
        }
        KubeVersion v = KubeVersion.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        if (v.isBefore(KubeVersion.OLDEST)) {
            return new EmulatedVersion(KubeVersion.OLDEST, origin + " says " + text + "; bootsim emulates from "
                    + KubeVersion.OLDEST);
        }
        if (v.isAfter(KubeVersion.NEWEST)) {
            return new EmulatedVersion(KubeVersion.NEWEST, origin + " says " + text + "; bootsim emulates up to "
                    + KubeVersion.NEWEST);
        }
        return new EmulatedVersion(v, origin);
    }
}
