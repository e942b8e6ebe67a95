package io.bootsim.scenario;

import io.bootsim.scenario.yaml.ScenarioFileException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScenarioParserTest {

    private static final String CLUSTER = """
            name: x
            cluster:
              version: "1.9"
              kube-apiserver:
                flags:
                  - --authorization-mode=Node,RBAC
            """;

    private static ScenarioFileException error(String yaml) {
        return assertThrows(ScenarioFileException.class, () -> ScenarioParser.parse(yaml, "my.yaml"));
    }

    @Test
    void unknownFieldNamesFileLineFieldAndWhatIsAllowed() {
        ScenarioFileException e = error(CLUSTER + "  kubelet: []\n");
        assertEquals(7, e.location().line());
        assertEquals("cluster.kubelet", e.field());
        assertTrue(e.getMessage().startsWith("my.yaml:7:3: cluster.kubelet: unknown field; allowed here: version, seed"),
                e.getMessage());
    }

    @Test
    void unknownStepListsTheSteps() {
        ScenarioFileException e = error(CLUSTER + "steps:\n  - sleep: 10s\n");
        assertEquals("my.yaml:8:5: steps[0].sleep: is not a step; allowed: start, stop, restart, kubectl, advance, skew, "
                + "wait, edit, flags, expect", e.getMessage());
    }

    @Test
    void badDurationSaysHowToWriteOne() {
        ScenarioFileException e = error(CLUSTER + "steps:\n  - advance: 1 year\n");
        assertEquals(8, e.location().line());
        assertTrue(e.getMessage().contains("steps[0].advance: \"1 year\" is not a duration; write it as Go does: 90s, 10m, 8760h"));
    }

    @Test
    void versionOutsideTheEmulatedRangeIsRefused() {
        ScenarioFileException e = error(CLUSTER.replace("\"1.9\"", "\"1.8\""));
        assertEquals("cluster.version", e.field());
        assertTrue(e.getMessage().contains("1.9 to 1.33"), e.getMessage());
    }

    @Test
    void flagsMustBeWrittenAsOnTheCommandLine() {
        ScenarioFileException e = error(CLUSTER.replace("--authorization-mode=Node,RBAC", "authorization-mode=RBAC"));
        assertEquals("cluster.kube-apiserver.flags", e.field());
    }

    @Test
    void aCommaInAFlowListIsExplained() {
        ScenarioFileException e = error(CLUSTER.replace("flags:\n      - --authorization-mode=Node,RBAC",
                "flags: [--authorization-mode=Node,RBAC]"));
        assertTrue(e.getMessage().contains("YAML splits at commas"), e.getMessage());
    }

    @Test
    void invalidYamlKeepsJacksonsLocation() {
        ScenarioFileException e = error(CLUSTER + "steps:\n  - advance: [1m\n");
        assertTrue(e.getMessage().startsWith("my.yaml:"), e.getMessage());
        assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
    }

    @Test
    void topLevelExpectBecomesAFinalExpectStep() throws Exception {
        Scenario s = ScenarioParser.parse(CLUSTER + "expect:\n  - diagnosis: none\n", "my.yaml");
        assertEquals(1, s.steps().size());
        assertTrue(s.steps().get(0) instanceof Step.Expect);
    }
}
