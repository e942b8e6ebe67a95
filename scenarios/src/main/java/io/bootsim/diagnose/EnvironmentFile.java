package io.bootsim.diagnose;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A systemd EnvironmentFile ({@code KEY=VALUE} lines, {@code #}/{@code ;} comments, one level of
 * single or double quotes around the value), e.g. kubeadm's /var/lib/kubelet/kubeadm-flags.env or
 * /etc/default/kubelet. Each variable remembers the line it was set on.
 */
// upstream: systemd src/basic/env-file.c (parse_env_file)
public record EnvironmentFile(Map<String, Assignment> variables, List<Finding> findings) {

    /** A variable's value and where it was set. */
    public record Assignment(String value, String file, int line) {
    }

    public static EnvironmentFile parse(String text, String file) {
        Map<String, Assignment> vars = new LinkedHashMap<>();
        List<Finding> findings = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            int number = i + 1;
            // a trailing backslash continues the value on the next line
            while (line.endsWith("\\") && i + 1 < lines.length) {
                line = line.substring(0, line.length() - 1) + lines[++i].strip();
            }
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int eq = line.indexOf('=');
            if (eq <= 0 || !line.substring(0, eq).strip().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                findings.add(new Finding(Severity.WARNING, file, number, "not a KEY=VALUE line; systemd ignores it",
                        line, "write the line as NAME=\"--flag=value ...\""));
                continue;
            }
            vars.put(line.substring(0, eq).strip(), new Assignment(unquote(line.substring(eq + 1).strip()), file, number));
        }
        return new EnvironmentFile(vars, findings);
    }

    static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
