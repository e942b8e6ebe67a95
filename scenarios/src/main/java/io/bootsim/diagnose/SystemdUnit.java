package io.bootsim.diagnose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A service unit as systemd would run it: the unit file from the first unit directory that has
 * it, its drop-ins ({@code NAME.service.d/*.conf}, in file-name order, /etc winning over /usr/lib
 * for the same name), {@code Environment=} and {@code EnvironmentFile=} (which overrides
 * Environment=; a leading {@code -} makes a missing file acceptable), and the last
 * {@code ExecStart=} after resets by an empty one, with {@code $VAR} (split into words) and
 * {@code ${VAR}} (one word) expanded.
 */
// upstream: systemd man pages systemd.unit (drop-ins), systemd.exec (Environment, EnvironmentFile),
// systemd.service (ExecStart, "Command lines")
public final class SystemdUnit {

    /** Where units are looked up, highest priority first. */
    static final List<String> UNIT_DIRS = List.of("/etc/systemd/system", "/run/systemd/system", "/lib/systemd/system",
            "/usr/lib/systemd/system", "/usr/local/lib/systemd/system");

    private SystemdUnit() {
    }

    /** The unit's command line, or empty when no unit directory of the root has {@code unit}. */
    public static Optional<ComponentCommandLine> read(HostRoot root, String unit, String component, List<Finding> findings)
            throws IOException {
        String unitFile = null;
        for (String dir : UNIT_DIRS) {
            if (Files.isRegularFile(root.resolve(dir + "/" + unit))) {
                unitFile = dir + "/" + unit;
                break;
            }
        }
        List<String> parts = new ArrayList<>();
        if (unitFile != null) {
            parts.add(unitFile);
        }
        parts.addAll(dropIns(root, unit));
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        Map<String, EnvironmentFile.Assignment> environment = new LinkedHashMap<>();
        List<EnvironmentFile.Assignment> environmentFiles = new ArrayList<>();
        EnvironmentFile.Assignment execStart = null;
        for (String part : parts) {
            String text = root.read(part).orElse("");
            String section = "";
            for (Line l : logicalLines(text)) {
                String s = l.text();
                if (s.startsWith("[")) {
                    section = s;
                    continue;
                }
                if (!section.equals("[Service]")) {
                    continue;
                }
                int eq = s.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String key = s.substring(0, eq).strip();
                String value = s.substring(eq + 1).strip();
                switch (key) {
                    case "Environment" -> {
                        for (String word : words(value)) {
                            int e = word.indexOf('=');
                            if (e > 0) {
                                environment.put(word.substring(0, e),
                                        new EnvironmentFile.Assignment(word.substring(e + 1), part, l.number()));
                            }
                        }
                    }
                    case "EnvironmentFile" -> environmentFiles.add(value.isEmpty() ? null
                            : new EnvironmentFile.Assignment(value, part, l.number()));
                    case "ExecStart" -> execStart = value.isEmpty() ? null : new EnvironmentFile.Assignment(value, part, l.number());
                    default -> {
                    }
                }
            }
        }
        for (EnvironmentFile.Assignment ref : environmentFiles) {
            if (ref == null) {
                continue;
            }
            boolean optional = ref.value().startsWith("-");
            String path = optional ? ref.value().substring(1) : ref.value();
            Optional<String> text = root.read(path);
            if (text.isEmpty()) {
                if (!optional) {
                    findings.add(new Finding(Severity.ERROR, ref.file(), ref.line(), unit + " names EnvironmentFile "
                            + path + ", which does not exist in root " + root.name() + "; systemd refuses to start the unit",
                            "Failed to load environment files: No such file or directory",
                            "create " + path + " or write EnvironmentFile=-" + path + " to make it optional"));
                }
                continue;
            }
            EnvironmentFile env = EnvironmentFile.parse(text.get(), path);
            findings.addAll(env.findings());
            environment.putAll(env.variables());
        }
        String where = unitFile != null ? unitFile : parts.get(0);
        if (execStart == null) {
            findings.add(new Finding(Severity.ERROR, where, 0, unit + " has no ExecStart= in [Service]",
                    "Service has no ExecStart=, ExecStop=, or SuccessAction=. Refusing.",
                    "add ExecStart=/usr/bin/" + component + " --flag=value ..."));
            return Optional.empty();
        }
        List<CommandLineFlag> argv = expand(execStart, environment);
        if (argv.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ComponentCommandLine(component, root, where,
                ComponentCommandLine.normalized(argv.subList(1, argv.size()))));
    }

    private static List<String> dropIns(HostRoot root, String unit) throws IOException {
        TreeMap<String, String> byName = new TreeMap<>();
        List<String> dirs = new ArrayList<>(UNIT_DIRS);
        java.util.Collections.reverse(dirs); // lowest priority first, so /etc overwrites
        for (String dir : dirs) {
            Path d = root.resolve(dir + "/" + unit + ".d");
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> files = Files.list(d)) {
                for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".conf")).toList()) {
                    byName.put(f.getFileName().toString(), dir + "/" + unit + ".d/" + f.getFileName());
                }
            }
        }
        return new ArrayList<>(byName.values());
    }

    private record Line(String text, int number) {
    }

    /** Lines with backslash continuations joined, comments dropped; each keeps its first line number. */
    private static List<Line> logicalLines(String text) {
        List<Line> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String line = lines[i].strip();
            if (line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            StringBuilder joined = new StringBuilder();
            while (line.endsWith("\\") && i + 1 < lines.length) {
                joined.append(line, 0, line.length() - 1).append(' ');
                line = lines[++i].strip();
                while ((line.startsWith("#") || line.startsWith(";")) && i + 1 < lines.length) {
                    line = lines[++i].strip(); // comment lines inside a continuation are skipped
                }
            }
            joined.append(line);
            if (!joined.isEmpty()) {
                out.add(new Line(joined.toString().strip(), number));
            }
        }
        return out;
    }

    /** Words as systemd splits them: whitespace separates, double or single quotes group. */
    static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < s.length()) {
                    w.append(s.charAt(++i));
                } else {
                    w.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            out.add(w.toString());
        }
        return out;
    }

    private static List<CommandLineFlag> expand(EnvironmentFile.Assignment execStart,
                                                Map<String, EnvironmentFile.Assignment> env) {
        String line = execStart.value().replaceFirst("^[-@:+!]+", "");
        List<CommandLineFlag> out = new ArrayList<>();
        for (String word : words(line)) {
            java.util.regex.Matcher whole = java.util.regex.Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)").matcher(word);
            if (whole.matches()) {
                // $VAR alone: its value becomes zero or more words
                EnvironmentFile.Assignment a = env.get(whole.group(1));
                if (a != null) {
                    for (String w : words(a.value())) {
                        out.add(new CommandLineFlag(w, a.file(), a.line()));
                    }
                }
                continue;
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)")
                    .matcher(word);
            StringBuilder sb = new StringBuilder();
            EnvironmentFile.Assignment from = null;
            while (m.find()) {
                String name = m.group(1) != null ? m.group(1) : m.group(2);
                EnvironmentFile.Assignment a = env.get(name);
                from = a != null ? a : from;
                m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(a == null ? "" : a.value()));
            }
            m.appendTail(sb);
            if (!sb.isEmpty()) {
                out.add(from != null && word.contains("$") && word.indexOf('$') == 0
                        ? new CommandLineFlag(sb.toString(), from.file(), from.line())
                        : new CommandLineFlag(sb.toString(), execStart.file(), execStart.line()));
            }
        }
        return out;
    }
}
