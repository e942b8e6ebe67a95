package io.bootsim.scenario.report;

import io.bootsim.scenario.run.Failure;
import io.bootsim.scenario.run.KubectlRun;
import io.bootsim.scenario.run.ScenarioResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A run as self-contained HTML (inline CSS and SVG, nothing fetched): per scenario a page with how
 * it ended (the diagnosis), the sequence diagram, the numbered timeline and the kubectl commands
 * with their output; and an index of the pages. Same results, same bytes: no wall-clock times.
 */
public final class HtmlReport {

    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#222;max-width:1400px}
            h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd}
            .meta{color:#666}.desc{max-width:900px}
            .outcome{border-left:5px solid #2e7d32;background:#f1f8f1;padding:8px 14px;margin:16px 0}
            .outcome.stopped{border-color:#b00020;background:#fdf0f2}.outcome h3{margin:4px 0}
            .diagram{overflow-x:auto;border:1px solid #ddd;background:#fff}
            ol.timeline{padding-left:0;list-style:none}ol.timeline li{margin:6px 0;padding:2px 6px}
            ol.timeline li:target{background:#fff6d6}.num{display:inline-block;width:3em;color:#888}
            .at{display:inline-block;width:6em;color:#555;font-family:monospace}
            pre{background:#f6f6f6;padding:6px 10px;margin:4px 0 4px 9em;overflow-x:auto;font-size:12px}
            .cmd pre{margin-left:0}.ok{color:#2e7d32}.fail{color:#b00020}
            table{border-collapse:collapse}td,th{padding:3px 10px;border-bottom:1px solid #eee;text-align:left}
            svg.sequence{font:11px system-ui,sans-serif}
            svg .life{stroke:#bbb;stroke-dasharray:4 4}svg .lane{fill:#e8eef8;stroke:#7a8fb5}
            svg .lanetext{font-weight:600;font-size:12px}svg .n{fill:#888}
            svg .msg{stroke:#333;stroke-width:1.3}svg .msg.bad{stroke:#b00020}
            svg .label{fill:#111}svg .label.bad{fill:#b00020}
            svg .note{stroke-width:1}svg .note.authz{fill:#eef7ee;stroke:#7cb07c}svg .note.authzbad{fill:#fde8eb;stroke:#d0707f}
            svg .note.ctrl{fill:#fff4dc;stroke:#d9b15c}svg .note.kubelet{fill:#eaf4fb;stroke:#6fa6cf}
            svg .note.cmd{fill:#f2f2f2;stroke:#999}svg .notetext{fill:#222}
            svg .fold{fill:#888;font-style:italic}svg .step{stroke:#999;stroke-dasharray:2 3}svg .steptext{fill:#555}
            """;

    private HtmlReport() {
    }

    /** Writes one page per result (NAME.html) and index.html into {@code dir}. */
    public static void write(Path dir, List<ScenarioResult> results) throws IOException {
        Files.createDirectories(dir);
        for (ScenarioResult r : results) {
            Files.writeString(dir.resolve(r.scenario().name() + ".html"), page(r, "index.html"));
        }
        Files.writeString(dir.resolve("index.html"), index(results));
    }

    /** One scenario's page; {@code index} is the link back to the index, or empty for a page on its own. */
    public static String page(ScenarioResult r, String index) {
        List<Walkthrough.Beat> beats = Walkthrough.of(r.events());
        List<Narration.Step> steps = Narration.steps(r.events(), r.scenario().cluster().start());
        Outcome outcome = Outcome.of(r);
        StringBuilder h = new StringBuilder();
        head(h, r.scenario().name());
        if (!index.isEmpty()) {
            h.append("<p><a href=\"").append(escape(index)).append("\">\u2190 all scenarios</a></p>\n");
        }
        h.append("<h1>").append(escape(r.scenario().name())).append("</h1>\n");
        h.append("<p class=\"meta\">Kubernetes ").append(escape(r.scenario().cluster().version().toString()))
                .append(", seed ").append(r.scenario().cluster().seed()).append(", ")
                .append(r.passed() ? "<span class=\"ok\">passed</span>" : "<span class=\"fail\">failed</span>")
                .append(", trace ").append(escape(r.digest().length() > 12 ? r.digest().substring(0, 12) : r.digest()))
                .append("</p>\n");
        h.append("<p class=\"desc\">").append(escape(r.scenario().description())).append("</p>\n");
        h.append("<div class=\"outcome").append(outcome.bootstrapped() ? "" : " stopped").append("\"><h3>")
                .append(escape(outcome.headline())).append("</h3>");
        outcome.details().forEach(d -> h.append("<p>").append(escape(d)).append("</p>"));
        h.append("</div>\n");
        h.append("<h2>Sequence diagram</h2>\n<div class=\"diagram\">\n").append(SequenceDiagram.svg(beats, steps))
                .append("\n</div>\n");
        h.append("<h2>Timeline</h2>\n<ol class=\"timeline\">\n");
        for (Narration.Step s : steps) {
            h.append("<li id=\"step-").append(s.number()).append("\"><span class=\"num\">").append(s.number())
                    .append(".</span><span class=\"at\">+").append(escape(Narration.time(s.at()))).append("</span>")
                    .append(escape(s.headline()));
            if (!s.details().isEmpty()) {
                h.append("<pre>").append(escape(String.join("\n", s.details()))).append("</pre>");
            }
            h.append("</li>\n");
        }
        h.append("</ol>\n");
        h.append("<h2>kubectl</h2>\n");
        if (r.kubectl().isEmpty()) {
            h.append("<p>No kubectl commands in this scenario.</p>\n");
        }
        for (KubectlRun k : r.kubectl()) {
            h.append("<div class=\"cmd\"><pre>$ ").append(escape(k.command())).append('\n').append(escape(k.stdout()))
                    .append(escape(k.stderr()));
            if (k.exitCode() != 0) {
                h.append("(exit code ").append(k.exitCode()).append(")");
            }
            h.append("</pre></div>\n");
        }
        if (!r.failures().isEmpty()) {
            h.append("<h2>Failures</h2>\n<ul>\n");
            for (Failure f : r.failures()) {
                h.append("<li><pre>").append(escape(f.toString())).append("</pre></li>\n");
            }
            h.append("</ul>\n");
        }
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    /** The index: one row per scenario with its result and where it stopped. */
    public static String index(List<ScenarioResult> results) {
        StringBuilder h = new StringBuilder();
        head(h, "bootsim report");
        long passed = results.stream().filter(ScenarioResult::passed).count();
        h.append("<h1>bootsim report</h1>\n<p class=\"meta\">").append(results.size()).append(" scenarios, ")
                .append(passed).append(" passed, ").append(results.size() - passed).append(" failed</p>\n");
        h.append("<table>\n<tr><th>scenario</th><th>Kubernetes</th><th>result</th><th>outcome</th></tr>\n");
        for (ScenarioResult r : results) {
            String name = r.scenario().name();
            h.append("<tr><td><a href=\"").append(escape(name)).append(".html\">").append(escape(name))
                    .append("</a></td><td>").append(escape(r.scenario().cluster().version().toString())).append("</td><td>")
                    .append(r.passed() ? "<span class=\"ok\">ok</span>" : "<span class=\"fail\">FAIL</span>")
                    .append("</td><td>").append(escape(Outcome.of(r).headline())).append("</td></tr>\n");
        }
        h.append("</table>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void head(StringBuilder h, String title) {
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
    }

    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
