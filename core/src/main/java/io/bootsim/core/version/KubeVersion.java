package io.bootsim.core.version;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * A Kubernetes minor release that bootsim can emulate ({@code --emulated-version}).
 * Behaviour that changed between releases is keyed on comparisons with this value.
 */
public record KubeVersion(int major, int minor) implements Comparable<KubeVersion> {

    public static final KubeVersion OLDEST = new KubeVersion(1, 9);
    public static final KubeVersion NEWEST = new KubeVersion(1, 33);

    /** Every release from {@link #OLDEST} to {@link #NEWEST}. */
    public static final List<KubeVersion> SUPPORTED = IntStream.rangeClosed(OLDEST.minor, NEWEST.minor)
            .mapToObj(m -> new KubeVersion(1, m))
            .toList();

    private static final Pattern FORM = Pattern.compile("v?(\\d+)\\.(\\d+)(?:\\.\\d+)?(?:[-+].*)?");

    /**
     * Parses "1.9", "v1.9", "1.9.11" or "v1.33.0" and checks that bootsim emulates the release.
     *
     * @throws IllegalArgumentException naming the value and the supported range
     */
    public static KubeVersion parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid version \"" + text
                    + "\": expected MAJOR.MINOR such as " + NEWEST);
        }
        KubeVersion v = new KubeVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        if (v.isBefore(OLDEST) || v.isAfter(NEWEST)) {
            throw new IllegalArgumentException("unsupported version \"" + text
                    + "\": bootsim emulates " + OLDEST + " to " + NEWEST);
        }
        return v;
    }

    public static KubeVersion of(int major, int minor) {
        return new KubeVersion(major, minor);
    }

    public boolean isBefore(KubeVersion other) {
        return compareTo(other) < 0;
    }

    public boolean isAfter(KubeVersion other) {
        return compareTo(other) > 0;
    }

    /** True for this release and every later one: {@code v.atLeast(1, 19)}. */
    public boolean atLeast(int major, int minor) {
        return compareTo(new KubeVersion(major, minor)) >= 0;
    }

    /** The gitVersion a real binary of this release reports on /version. */
    public String gitVersion() {
        return "v" + major + "." + minor + ".0";
    }

    @Override
    public int compareTo(KubeVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
