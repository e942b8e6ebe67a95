package io.bootsim.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Bootstrap many simulated kubelets at once and compare with the crypto floor.")
final class BenchCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", hidden = true)
    List<String> args = List.of();

    @Override
    public Integer call() {
        return NotYetImplemented.report("bench", "issue 9, scale");
    }
}
