package io.bootsim.diagnose;

import java.util.ArrayList;
import java.util.List;

/**
 * kube-apiserver's {@code --token-auth-file}: {@code token,user,uid,"group1,group2"} per line.
 * Read here to point at the line that cannot work (A1: an empty token column, written by a shell
 * in which the token variable was not set); the apiserver itself reads it again in the run.
 */
// upstream: staging/src/k8s.io/apiserver/pkg/authentication/token/tokenfile/tokenfile.go
public record TokenCsv(List<Entry> entries) {

    public record Entry(int line, String token, String user, List<String> groups) {
    }

    public static TokenCsv parse(String text, String display, List<Finding> findings) {
        List<Entry> entries = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            List<String> cols = columns(line);
            if (cols.size() < 3) {
                findings.add(new Finding(Severity.ERROR, display, i + 1, "a token file line needs at least token, user "
                        + "and uid", "token file '" + display + "' must have at least 3 columns (token, user name, user uid), "
                        + "found " + cols.size(), "write the line as TOKEN,USER,UID,\"GROUP\""));
                continue;
            }
            if (cols.get(0).isEmpty()) {
                findings.add(new Finding(Severity.ERROR, display, i + 1, "the token column is empty, so no client can "
                        + "authenticate as " + cols.get(1) + " (the file was probably generated in a shell where the "
                        + "token variable was not set)", line,
                        "regenerate the line with the token in the first column (e.g. $(head -c 16 /dev/urandom | od -An -t x "
                                + "| tr -d ' '),kubelet-bootstrap,10001,\"system:bootstrappers\"), put the same token in the "
                                + "bootstrap kubeconfig, and restart kube-apiserver"));
            }
            List<String> groups = cols.size() > 3 && !cols.get(3).isEmpty() ? List.of(cols.get(3).split(",")) : List.of();
            entries.add(new Entry(i + 1, cols.get(0), cols.get(1), groups));
        }
        return new TokenCsv(entries);
    }

    /** CSV columns: commas separate, double quotes group (the group column is quoted). */
    private static List<String> columns(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder c = new StringBuilder();
        boolean quoted = false;
        for (char ch : line.toCharArray()) {
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == ',' && !quoted) {
                out.add(c.toString().strip());
                c.setLength(0);
            } else {
                c.append(ch);
            }
        }
        out.add(c.toString().strip());
        return out;
    }
}
