package io.bootsim.core.flags;

/**
 * One declared flag: long name, optional one-letter shorthand, type, default, usage text (a
 * back-quoted word in it names the argument in help, as in pflag), and how it is treated:
 * normal, deprecated (still applied, with pflag's warning, hidden from help) or accepted but
 * ignored (parsed so real unit files work, listed in help in their own section).
 */
public record Flag<T>(String name, String shorthand, FlagType<T> type, T defaultValue, String usage,
                      String deprecation, boolean ignored) {

    public Flag {
        if (name.isEmpty() || name.startsWith("-")) {
            throw new IllegalArgumentException("flag name must not be empty or start with '-': " + name);
        }
        if (shorthand != null && shorthand.length() != 1) {
            throw new IllegalArgumentException("shorthand of --" + name + " must be one ASCII letter: " + shorthand);
        }
    }

    public static <T> Flag<T> of(String name, FlagType<T> type, T defaultValue, String usage) {
        return new Flag<>(name, null, type, defaultValue, usage, null, false);
    }

    public Flag<T> shorthand(String letter) {
        return new Flag<>(name, letter, type, defaultValue, usage, deprecation, ignored);
    }

    /** pflag MarkDeprecated: still parsed and applied, prints "Flag --name has been deprecated, message". */
    public Flag<T> deprecated(String message) {
        return new Flag<>(name, shorthand, type, defaultValue, usage, message, ignored);
    }

    /** bootsim: accepted so a real command line parses, without effect on the simulation. */
    public Flag<T> acceptedButIgnored() {
        return new Flag<>(name, shorthand, type, defaultValue, usage, deprecation, true);
    }

    public boolean isDeprecated() {
        return deprecation != null;
    }

    /** How pflag names this flag in "invalid argument" errors. */
    String displayName() {
        return shorthand == null ? "--" + name : "-" + shorthand + ", --" + name;
    }
}
