package io.bootsim.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "serve", mixinStandardHelpOptions = true, description = "Serve a scenario's cluster in live mode for real kubectl.")
final class ServeCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", hidden = true)
    List<String> args = List.of();

    @Override
    public Integer call() {
        return NotYetImplemented.report("serve", "issue 8, scenarios");
    }
}
