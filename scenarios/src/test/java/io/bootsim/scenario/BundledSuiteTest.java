package io.bootsim.scenario;

import io.bootsim.core.trace.JsonLines;
import io.bootsim.scenario.report.JUnitXml;
import io.bootsim.scenario.run.ScenarioResult;
import io.bootsim.scenario.run.ScenarioRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The bundled suite, run the way `bootsim run` runs it. */
class BundledSuiteTest {

    private static final List<ScenarioResult> RESULTS = new ArrayList<>();

    @BeforeAll
    static void runSuite() throws Exception {
        ScenarioRunner runner = new ScenarioRunner();
        try (Stream<Path> files = Files.list(Path.of("suite"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                RESULTS.add(runner.run(ScenarioParser.parse(f)));
            }
        }
    }

    @Test
    void everyBundledScenarioPasses() {
        List<String> failed = RESULTS.stream().filter(r -> !r.passed())
                .map(r -> r.scenario().name() + ": " + r.failures()).toList();
        assertTrue(failed.isEmpty(), String.join("\n", failed));
        assertTrue(RESULTS.size() >= 40, "the bundled suite has at least 40 scenarios (issue 8)");
    }

    @Test
    void runningAScenarioAgainGivesAByteIdenticalTrace() {
        ScenarioRunner runner = new ScenarioRunner();
        for (ScenarioResult first : RESULTS) {
            ScenarioResult again = runner.run(first.scenario());
            if (!first.digest().equals(again.digest())) {
                fail(first.scenario().name() + ": " + firstDifference(trace(first), trace(again)));
            }
        }
    }

    private static List<String> trace(ScenarioResult r) {
        return r.events().stream().map(JsonLines::format).toList();
    }

    /** Where two traces part, so that a CI log shows what was not deterministic. */
    private static String firstDifference(List<String> first, List<String> again) {
        int i = 0;
        while (i < first.size() && i < again.size() && first.get(i).equals(again.get(i))) {
            i++;
        }
        return "the traces differ at event " + (i + 1) + "\n  run 1: " + (i < first.size() ? first.get(i) : "(end)")
                + "\n  run 2: " + (i < again.size() ? again.get(i) : "(end)");
    }

    @Test
    void everyScenarioHasADescriptionForLearners() {
        RESULTS.forEach(r -> assertTrue(r.scenario().description().length() > 80, r.scenario().name()));
    }

    @Test
    void junitXmlParsesWithOneTestcasePerScenario() throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(JUnitXml.of(RESULTS).getBytes(StandardCharsets.UTF_8)));
        assertEquals(RESULTS.size(), doc.getElementsByTagName("testcase").getLength());
        assertEquals("0", doc.getDocumentElement().getAttribute("failures"));
    }
}
