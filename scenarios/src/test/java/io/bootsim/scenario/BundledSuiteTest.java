package io.bootsim.scenario;

import io.bootsim.scenario.report.JUnitXml;
import io.bootsim.scenario.run.ScenarioPool;
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

/** The bundled suite, run the way `bootsim run` runs it. */
class BundledSuiteTest {

    private static final List<ScenarioResult> RESULTS = new ArrayList<>();

    // one scenario per core at once, as `bootsim run` runs them: a run must not depend on what runs beside it
    private static final ScenarioPool POOL = new ScenarioPool(Runtime.getRuntime().availableProcessors());

    @BeforeAll
    static void runSuite() throws Exception {
        List<Scenario> scenarios = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("suite"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                scenarios.add(ScenarioParser.parse(f));
            }
        }
        POOL.run(scenarios, new ScenarioRunner()::run, RESULTS::add);
    }

    @Test
    void everyBundledScenarioPasses() {
        List<String> failed = RESULTS.stream().filter(r -> !r.passed())
                .map(r -> r.scenario().name() + ": " + r.failures()).toList();
        assertTrue(failed.isEmpty(), String.join("\n", failed));
        assertTrue(RESULTS.size() >= 40, "the bundled suite has at least 40 scenarios (issue 8)");
    }

    @Test
    void runningTheSuiteAgainGivesEachScenarioAByteIdenticalTrace() {
        List<ScenarioResult> again = new ArrayList<>();
        POOL.run(RESULTS.stream().map(ScenarioResult::scenario).toList(), new ScenarioRunner()::run, again::add);
        List<String> differing = new ArrayList<>();
        for (int i = 0; i < RESULTS.size(); i++) {
            if (!RESULTS.get(i).digest().equals(again.get(i).digest())) {
                differing.add(RESULTS.get(i).scenario().name() + ": " + RESULTS.get(i).traceDifference(again.get(i)));
            }
        }
        // a CI log then shows what was not deterministic
        assertTrue(differing.isEmpty(), String.join("\n", differing));
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
