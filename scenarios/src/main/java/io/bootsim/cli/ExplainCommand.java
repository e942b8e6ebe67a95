package io.bootsim.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "explain", mixinStandardHelpOptions = true, description = "Walk through a scenario step by step")
final class ExplainCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", hidden = true)
    List<String> args = List.of();

    @Override
    public Integer call() {
        return NotYetImplemented.report("explain", " who sent what to whom and why.:issue 8, scenarios");
    }
}
