package io.bootsim.cli;

import io.bootsim.scenario.Scenario;
import io.bootsim.scenario.ScenarioParser;
import io.bootsim.scenario.report.HtmlReport;
import io.bootsim.scenario.report.Narration;
import io.bootsim.scenario.run.ScenarioResult;
import io.bootsim.scenario.run.ScenarioRunner;
import io.bootsim.scenario.yaml.ScenarioFileException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Run a scenario in simulated mode and tell what happened, step by step: who sent what to whom, "
                + "which authenticator and authorizers decided and why, what each controller did, what the kubelet wrote.")
final class ExplainCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SCENARIO", description = "The scenario file (e.g. scenarios/suite/seed-flow-1.33.yaml).")
    Path scenario;

    @Option(names = "--html", paramLabel = "FILE", description = "Also write the walk-through as a self-contained HTML page "
            + "with the sequence diagram.")
    Path html;

    @Option(names = "--seed", description = "Run with this seed instead of the scenario's own.")
    Long seed;

    @Override
    public Integer call() throws IOException {
        Scenario s;
        try {
            s = ScenarioParser.parse(scenario);
        } catch (ScenarioFileException e) {
            System.err.println("bootsim explain: " + e.getMessage());
            return 2;
        }
        ScenarioResult result = new ScenarioRunner().run(seed == null ? s : s.withSeed(seed));
        System.out.print(Narration.text(result));
        if (html != null) {
            Path parent = html.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.writeString(html, HtmlReport.page(result, ""));
            System.out.println("\nwrote " + html);
        }
        return result.passed() ? 0 : 1;
    }
}
