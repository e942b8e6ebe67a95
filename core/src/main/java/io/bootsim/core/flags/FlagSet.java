package io.bootsim.core.flags;

import io.bootsim.core.api.GoFormat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The flags of one component, declared once in named sections, parsed with pflag's semantics as
 * the Kubernetes binaries use them: {@code --name=value} and {@code --name value}, booleans that
 * never consume the next argument, shorthands ({@code -v 2}, {@code -v=2}, {@code -v2}), {@code --}
 * ends flags, positional arguments kept (also between flags), and {@code _} in a name read as
 * {@code -} (component-base's WordSepNormalizeFunc). {@code -h/--help} is declared as cobra does.
 */
// upstream: github.com/spf13/pflag flag.go (parseArgs, parseLongArg, parseSingleShortArg, FlagUsagesWrapped)
public final class FlagSet {

    /** The section bootsim lists accepted-but-ignored flags under. */
    public static final String IGNORED_SECTION = "Accepted but ignored";

    private final String command;
    private final Map<String, Flag<?>> byName = new HashMap<>();
    private final Map<String, Flag<?>> byShorthand = new HashMap<>();
    private final Map<String, List<Flag<?>>> sections = new LinkedHashMap<>();
    private final Flag<Boolean> help;

    public FlagSet(String command) {
        this.command = command;
        this.help = Flag.of("help", FlagType.BOOL, false, "help for " + command).shorthand("h");
    }

    public String command() {
        return command;
    }

    public Flag<Boolean> helpFlag() {
        return help;
    }

    /** Declares {@code flag} in {@code section} (help prints sections in declaration order). */
    public <T> Flag<T> add(String section, Flag<T> flag) {
        String name = normalize(flag.name());
        if (byName.containsKey(name) || name.equals("help")) {
            throw new IllegalArgumentException(command + " flag redefined: " + flag.name());
        }
        if (flag.shorthand() != null && (byShorthand.containsKey(flag.shorthand()) || flag.shorthand().equals("h"))) {
            throw new IllegalArgumentException("unable to redefine " + GoFormat.quote(flag.shorthand())
                    + " shorthand in " + GoFormat.quote(command) + " flagset");
        }
        byName.put(name, flag);
        if (flag.shorthand() != null) {
            byShorthand.put(flag.shorthand(), flag);
        }
        sections.computeIfAbsent(flag.ignored() ? IGNORED_SECTION : section, s -> new ArrayList<>()).add(flag);
        return flag;
    }

    /**
     * Declares flags that real units and manifests carry but that do not change bootstrapping:
     * accepted, listed in their own help section, and otherwise ignored. Booleans are declared as
     * booleans so that a bare {@code --fail-swap-on} does not take the next argument as its value.
     */
    public void acceptIgnored(List<String> valueFlags, List<String> booleanFlags) {
        String usage = "accepted for compatibility with real command lines; it does not change bootstrapping";
        for (String name : valueFlags) {
            add(IGNORED_SECTION, Flag.of(name, FlagType.STRING, "", usage).acceptedButIgnored());
        }
        for (String name : booleanFlags) {
            add(IGNORED_SECTION, Flag.of(name, FlagType.BOOL, false, usage).acceptedButIgnored());
        }
    }

    public ParsedFlags parse(List<String> arguments) throws FlagParseException {
        Map<String, Object> values = new HashMap<>();
        List<String> positional = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> args = new ArrayList<>(arguments);
        while (!args.isEmpty()) {
            String s = args.remove(0);
            if (s.length() == 0 || s.charAt(0) != '-' || s.length() == 1) {
                positional.add(s);
            } else if (s.equals("--")) {
                positional.addAll(args);
                args.clear();
            } else if (s.startsWith("--")) {
                parseLong(s, args, values, warnings);
            } else {
                parseShorts(s, args, values, warnings);
            }
        }
        return new ParsedFlags(this, values, positional, warnings);
    }

    private void parseLong(String s, List<String> args, Map<String, Object> values, List<String> warnings)
            throws FlagParseException {
        String body = s.substring(2);
        if (body.isEmpty() || body.startsWith("-") || body.startsWith("=")) {
            throw new FlagParseException("bad flag syntax: " + s);
        }
        String[] split = body.split("=", 2);
        Flag<?> flag = lookup(split[0]);
        if (flag == null) {
            throw new FlagParseException("unknown flag: --" + split[0]);
        }
        String value;
        if (split.length == 2) {
            value = split[1];
        } else if (flag.type().noOptDefault() != null) {
            value = flag.type().noOptDefault();
        } else if (!args.isEmpty()) {
            value = args.remove(0);
        } else {
            throw new FlagParseException("flag needs an argument: " + s);
        }
        set(flag, value, values, warnings);
    }

    private void parseShorts(String s, List<String> args, Map<String, Object> values, List<String> warnings)
            throws FlagParseException {
        String shorthands = s.substring(1);
        while (!shorthands.isEmpty()) {
            String c = shorthands.substring(0, 1);
            Flag<?> flag = c.equals("h") ? help : byShorthand.get(c);
            if (flag == null) {
                throw new FlagParseException("unknown shorthand flag: '" + c + "' in -" + shorthands);
            }
            String value;
            if (shorthands.length() > 2 && shorthands.charAt(1) == '=') {
                value = shorthands.substring(2);
                shorthands = "";
            } else if (flag.type().noOptDefault() != null) {
                value = flag.type().noOptDefault();
                shorthands = shorthands.substring(1);
            } else if (shorthands.length() > 1) {
                value = shorthands.substring(1);
                shorthands = "";
            } else if (!args.isEmpty()) {
                value = args.remove(0);
                shorthands = "";
            } else {
                throw new FlagParseException("flag needs an argument: '" + c + "' in -" + shorthands);
            }
            set(flag, value, values, warnings);
        }
    }

    private <T> void set(Flag<T> flag, String text, Map<String, Object> values, List<String> warnings)
            throws FlagParseException {
        boolean first = !values.containsKey(flag.name());
        @SuppressWarnings("unchecked")
        T current = first ? flag.defaultValue() : (T) values.get(flag.name());
        try {
            values.put(flag.name(), flag.type().set(current, first, text));
        } catch (IllegalArgumentException e) {
            throw new FlagParseException("invalid argument " + GoFormat.quote(text) + " for "
                    + GoFormat.quote(flag.displayName()) + " flag: " + e.getMessage());
        }
        if (flag.isDeprecated()) {
            warnings.add("Flag --" + flag.name() + " has been deprecated, " + flag.deprecation());
        }
    }

    private Flag<?> lookup(String name) {
        String normalized = normalize(name);
        return normalized.equals("help") ? help : byName.get(normalized);
    }

    /** component-base WordSepNormalizeFunc: {@code --cert_dir} is {@code --cert-dir}. */
    private static String normalize(String name) {
        return name.replace('_', '-');
    }

    boolean declares(Flag<?> flag) {
        return flag == help || byName.get(normalize(flag.name())) == flag;
    }

    /**
     * {@code Usage:} then every section as component-base's PrintSections prints it: the section
     * title and its flags in pflag's FlagUsages layout (sorted, aligned, default and type shown).
     * Deprecated flags are hidden, as pflag hides them.
     */
    public String usage() {
        StringBuilder out = new StringBuilder("Usage:\n  " + command + " [flags]\n");
        Map<String, List<Flag<?>>> printed = new LinkedHashMap<>(sections);
        printed.computeIfAbsent("Global", s -> new ArrayList<>()).add(help);
        // the ignored section comes last whatever the declaration order
        List<Flag<?>> ignored = printed.remove(IGNORED_SECTION);
        if (ignored != null) {
            printed.put(IGNORED_SECTION, ignored);
        }
        printed.forEach((title, flags) -> {
            String usages = flagUsages(flags);
            if (!usages.isEmpty()) {
                out.append('\n').append(title).append(" flags:\n\n").append(usages);
            }
        });
        return out.toString();
    }

    // upstream: pflag flag.go FlagUsagesWrapped (no wrapping: cols 0)
    private static String flagUsages(List<Flag<?>> flags) {
        TreeMap<String, Flag<?>> sorted = new TreeMap<>();
        flags.stream().filter(f -> !f.isDeprecated()).forEach(f -> sorted.put(f.name(), f));
        List<String[]> lines = new ArrayList<>();
        int maxlen = 0;
        for (Flag<?> flag : sorted.values()) {
            String[] nameAndUsage = unquoteUsage(flag);
            String left = (flag.shorthand() == null ? "      --" : "  -" + flag.shorthand() + ", --") + flag.name();
            if (!nameAndUsage[0].isEmpty()) {
                left += " " + nameAndUsage[0];
            }
            String right = nameAndUsage[1] + defaultSuffix(flag);
            maxlen = Math.max(maxlen, left.length() + 1);
            lines.add(new String[]{left, right});
        }
        StringBuilder out = new StringBuilder();
        for (String[] line : lines) {
            String indent = " ".repeat(maxlen + 2);
            // pflag prints left, the padding and the usage as three Println operands: one space between each
            out.append(line[0]).append(' ').append(" ".repeat(maxlen - line[0].length())).append(' ')
                    .append(line[1].replace("\n", "\n" + indent)).append('\n');
        }
        return out.toString();
    }

    /** pflag UnquoteUsage: a back-quoted word names the argument, else the type's display name. */
    private static String[] unquoteUsage(Flag<?> flag) {
        String usage = flag.usage();
        int open = usage.indexOf('`');
        int close = open < 0 ? -1 : usage.indexOf('`', open + 1);
        if (close > open) {
            String name = usage.substring(open + 1, close);
            return new String[]{name, usage.substring(0, open) + name + usage.substring(close + 1)};
        }
        String name = switch (flag.type().name()) {
            case "bool" -> "";
            case "float64" -> "float";
            case "int64" -> "int";
            case "stringSlice" -> "strings";
            default -> flag.type().name();
        };
        return new String[]{name, usage};
    }

    private static <T> String defaultSuffix(Flag<T> flag) {
        String def = flag.type().format(flag.defaultValue());
        boolean zero = switch (flag.type().name()) {
            case "bool" -> def.equals("false");
            case "duration" -> def.equals("0") || def.equals("0s");
            case "stringSlice" -> def.equals("[]");
            case "string" -> def.isEmpty();
            default -> def.isEmpty() || def.equals("0") || def.equals("false") || def.equals("<nil>");
        };
        if (zero) {
            return "";
        }
        return " (default " + (flag.type() == FlagType.STRING ? GoFormat.quote(def) : def) + ")";
    }
}
