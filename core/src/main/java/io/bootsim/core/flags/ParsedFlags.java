package io.bootsim.core.flags;

import java.util.List;
import java.util.Map;

/**
 * The result of parsing a command line: each flag's typed value (its default when not given),
 * whether it was given at all (components need that, e.g. per-signer versus global signing
 * flags), positional arguments, and the deprecation warnings pflag prints to stderr.
 */
public final class ParsedFlags {

    private final FlagSet flags;
    private final Map<String, Object> values;
    private final List<String> args;
    private final List<String> warnings;

    ParsedFlags(FlagSet flags, Map<String, Object> values, List<String> args, List<String> warnings) {
        this.flags = flags;
        this.values = Map.copyOf(values);
        this.args = List.copyOf(args);
        this.warnings = List.copyOf(warnings);
    }

    public <T> T get(Flag<T> flag) {
        requireDeclared(flag);
        @SuppressWarnings("unchecked")
        T value = (T) values.get(flag.name());
        return value == null ? flag.defaultValue() : value;
    }

    /** pflag's Changed: the flag appeared on the command line (even with its default value). */
    public boolean isSet(Flag<?> flag) {
        requireDeclared(flag);
        return values.containsKey(flag.name());
    }

    public boolean helpRequested() {
        return get(flags.helpFlag());
    }

    public List<String> args() {
        return args;
    }

    public List<String> warnings() {
        return warnings;
    }

    private void requireDeclared(Flag<?> flag) {
        if (!flags.declares(flag)) {
            throw new IllegalArgumentException("flag --" + flag.name() + " is not declared by " + flags.command());
        }
    }
}
