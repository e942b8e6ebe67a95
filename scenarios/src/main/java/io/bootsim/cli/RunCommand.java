package io.bootsim.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "run", mixinStandardHelpOptions = true, description = "Run scenarios (default: the bundled suite) and report the results.")
final class RunCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", hidden = true)
    List<String> args = List.of();

    @Override
    public Integer call() {
        return NotYetImplemented.report("run", " the bundled suite) and report the results.:issue 8, scenarios");
    }
}
