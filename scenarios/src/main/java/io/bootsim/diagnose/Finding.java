package io.bootsim.diagnose;

/**
 * One thing diagnose found: how much it matters, where (a file as its host sees it, and the line,
 * 0 when the finding is about the whole file or comes from the run), what is wrong, the evidence
 * as the real components or kubectl print it, and the fix.
 */
public record Finding(Severity severity, String file, int line, String what, String evidence, String fix) {

    /** {@code /etc/kubernetes/token.csv:2}, or {@code ""} when the finding names no file. */
    public String where() {
        if (file.isEmpty()) {
            return "";
        }
        return line > 0 ? file + ":" + line : file;
    }
}
