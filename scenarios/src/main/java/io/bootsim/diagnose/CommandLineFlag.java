package io.bootsim.diagnose;

import java.util.Optional;

/**
 * One argument of a component's command line and where it was written (the unit, drop-in,
 * environment file or manifest line), so findings can point at the line to change.
 */
public record CommandLineFlag(String text, String file, int line) {

    /** {@code authorization-mode} for {@code --authorization-mode=Node,RBAC}. */
    public String name() {
        String s = text.replaceFirst("^--?", "");
        int eq = s.indexOf('=');
        return eq < 0 ? s : s.substring(0, eq);
    }

    /** The value after {@code =}; a bare boolean flag has none. */
    public Optional<String> value() {
        int eq = text.indexOf('=');
        return eq < 0 ? Optional.empty() : Optional.of(text.substring(eq + 1));
    }

    public boolean isFlag() {
        return text.startsWith("-");
    }
}
