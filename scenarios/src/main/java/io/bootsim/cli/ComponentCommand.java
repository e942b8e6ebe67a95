package io.bootsim.cli;

import io.bootsim.apiserver.KubeApiServerCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * The simulated components under their real names. Their arguments are not parsed here: each
 * component parses its real binary's flags itself, with pflag semantics, so a user can paste an
 * ExecStart line unchanged.
 */
abstract class ComponentCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", hidden = true)
    List<String> args = List.of();

    @Command(name = "kube-apiserver",
            description = "Run the simulated kube-apiserver with the real binary's flags (see: kube-apiserver --help).")
    static final class KubeApiServer extends ComponentCommand {
        @Override
        public Integer call() {
            return KubeApiServerCommand.run(args, System.out, System.err);
        }
    }

    @Command(name = "kube-controller-manager",
            description = "Run the simulated kube-controller-manager with the real binary's flags.")
    static final class KubeControllerManager extends ComponentCommand {
        @Override
        public Integer call() {
            return io.bootsim.controller.app.KubeControllerManagerCommand.run(args, System.out, System.err);
        }
    }

    @Command(name = "kubelet",
            description = "Run simulated kubelets with the real kubelet's flags.")
    static final class Kubelet extends ComponentCommand {
        @Override
        public Integer call() {
            return io.bootsim.kubelet.KubeletCommand.run(args, System.out, System.err);
        }
    }
}
