package io.bootsim.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "diagnose", mixinStandardHelpOptions = true, description = "Reproduce a real cluster's bootstrap configuration and say what is wrong.")
final class DiagnoseCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", hidden = true)
    List<String> args = List.of();

    @Override
    public Integer call() {
        return NotYetImplemented.report("diagnose", "issue 7, diagnose");
    }
}
