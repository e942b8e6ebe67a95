package io.bootsim.scenario.report;

import io.bootsim.scenario.run.Failure;
import io.bootsim.scenario.run.ScenarioResult;

import java.util.List;
import java.util.Locale;

/** The results as a JUnit XML test suite, the format CI systems read: one testcase per scenario. */
public final class JUnitXml {

    private JUnitXml() {
    }

    public static String of(List<ScenarioResult> results) {
        long failures = results.stream().filter(r -> !r.passed()).count();
        double seconds = results.stream().mapToLong(r -> r.wallTime().toNanos()).sum() / 1e9;
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.append("<testsuite name=\"bootsim\" tests=\"").append(results.size()).append("\" failures=\"").append(failures)
                .append("\" errors=\"0\" skipped=\"0\" time=\"").append(String.format(Locale.ROOT, "%.3f", seconds)).append("\">\n");
        for (ScenarioResult r : results) {
            xml.append("  <testcase classname=\"bootsim.").append(escape(r.scenario().cluster().version().toString()))
                    .append("\" name=\"").append(escape(r.scenario().name())).append("\" file=\"")
                    .append(escape(r.scenario().source())).append("\" time=\"")
                    .append(String.format(Locale.ROOT, "%.3f", r.wallTime().toNanos() / 1e9)).append("\"");
            if (r.passed()) {
                xml.append("/>\n");
                continue;
            }
            xml.append(">\n    <failure message=\"").append(escape(r.failures().get(0).message().lines().findFirst().orElse("")))
                    .append("\">");
            for (Failure f : r.failures()) {
                xml.append(escape(f.location() + ": " + f.message())).append('\n');
            }
            r.diagnosis().ifPresent(d -> xml.append(escape(d.summary() + "\n" + d.text())).append('\n'));
            xml.append("</failure>\n  </testcase>\n");
        }
        return xml.append("</testsuite>\n").toString();
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
