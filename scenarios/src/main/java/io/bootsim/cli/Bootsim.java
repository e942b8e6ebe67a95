package io.bootsim.cli;

import io.bootsim.core.version.BootsimVersion;
import io.bootsim.core.version.KubeVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** The {@code bootsim} command line: scenario commands, and the components under their real names. */
@Command(name = "bootsim",
        mixinStandardHelpOptions = true,
        versionProvider = Bootsim.Version.class,
        description = "A mock Kubernetes control plane for testing kubelet TLS bootstrapping.",
        subcommands = {
                RunCommand.class,
                ExplainCommand.class,
                ServeCommand.class,
                DiagnoseCommand.class,
                BenchCommand.class,
                ComponentCommand.KubeApiServer.class,
                ComponentCommand.KubeControllerManager.class,
                ComponentCommand.Kubelet.class,
                Bootsim.VersionCommand.class,
                CommandLine.HelpCommand.class,
        })
public final class Bootsim implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Bootsim());
        // Component commands take every argument as it is, to parse with the real flag rules.
        for (String component : new String[] {"kube-apiserver", "kube-controller-manager", "kubelet"}) {
            cli.getSubcommands().get(component)
                    .setUnmatchedOptionsArePositionalParams(true)
                    .setEndOfOptionsDelimiter("\0");
        }
        return cli;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(System.out);
        return 0;
    }

    static String versionText() {
        return "bootsim " + BootsimVersion.get() + "\n"
                + "emulates Kubernetes " + KubeVersion.OLDEST + " to " + KubeVersion.NEWEST
                + " (--emulated-version), default " + KubeVersion.NEWEST;
    }

    @Command(name = "version", description = "Print bootsim's version and the Kubernetes versions it can emulate.")
    static final class VersionCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            System.out.println(versionText());
            return 0;
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return versionText().split("\n");
        }
    }
}
