package io.bootsim.cli;

import io.bootsim.diagnose.Diagnose;
import io.bootsim.diagnose.DiagnoseInput;
import io.bootsim.diagnose.DiagnoseReport;
import io.bootsim.diagnose.HostRoot;
import io.bootsim.core.version.KubeVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "diagnose", mixinStandardHelpOptions = true,
        description = {"Reproduce a real cluster's bootstrap configuration and say what is wrong.",
                "Reads the components' command lines (systemd units with drop-ins and EnvironmentFiles, kubeadm "
                        + "static-pod manifests, flag files) and every file they reference from the roots, runs the "
                        + "bootstrap they describe, and reports the outcome, the findings, the root cause and the fix.",
                "Exit code 0 when every kubelet bootstrapped and nothing is above a warning, 1 otherwise, 2 for a usage error."})
final class DiagnoseCommand implements Callable<Integer> {

    @Option(names = "--root", paramLabel = "[NAME=]DIR", required = true,
            description = "A copy of a machine's file system (/etc, /var/lib/kubelet); repeat for several machines: "
                    + "--root control=DIR1 --root worker-0=DIR2. Absolute paths in its configuration resolve under it.")
    List<String> roots = new ArrayList<>();

    @Option(names = "--apiserver-flags", paramLabel = "FILE", description = "kube-apiserver's command line as text (first root).")
    Path apiserverFlags;

    @Option(names = "--controller-manager-flags", paramLabel = "FILE",
            description = "kube-controller-manager's command line as text (first root).")
    Path controllerManagerFlags;

    @Option(names = "--kubelet-flags", paramLabel = "[ROOT=]FILE",
            description = "A kubelet's command line as text, for the named root (default: the first).")
    List<String> kubeletFlags = new ArrayList<>();

    @Option(names = "--manifests", paramLabel = "DIR",
            description = "RBAC objects and bootstrap-token Secrets (YAML/JSON, or kubectl get ... -o yaml exports), "
                    + "applied with kubectl before the kubelets start.")
    Path manifests;

    @Option(names = "--emulated-version", paramLabel = "VERSION",
            description = "The Kubernetes release to emulate (default: what the files imply).")
    String emulatedVersion;

    @Option(names = "--format", defaultValue = "text", description = "text or json.")
    String format;

    @Option(names = "--write-scenario", paramLabel = "FILE",
            description = "Keep the scenario built from the files (runs with bootsim run FILE; file references are "
                    + "relative to it).")
    Path writeScenario;

    @Override
    public Integer call() throws IOException {
        if (!format.equals("text") && !format.equals("json")) {
            System.err.println("bootsim diagnose: --format " + format + ": allowed: text, json");
            return 2;
        }
        if (emulatedVersion != null) {
            try {
                KubeVersion.parse(emulatedVersion);
            } catch (IllegalArgumentException e) {
                System.err.println("bootsim diagnose: --emulated-version: " + e.getMessage());
                return 2;
            }
        }
        List<HostRoot> hostRoots = new ArrayList<>();
        for (String r : roots) {
            int eq = r.indexOf('=');
            Path dir = Path.of(eq > 0 ? r.substring(eq + 1) : r);
            Path last = dir.toAbsolutePath().normalize().getFileName();
            String name = eq > 0 ? r.substring(0, eq) : last == null ? "root" : last.toString();
            if (hostRoots.stream().anyMatch(h -> h.name().equals(name))) {
                System.err.println("bootsim diagnose: --root " + r + ": two roots are named " + name);
                return 2;
            }
            hostRoots.add(new HostRoot(name, dir));
        }
        Map<String, Path> kubelets = new LinkedHashMap<>();
        for (String k : kubeletFlags) {
            int eq = k.indexOf('=');
            String root = eq > 0 ? k.substring(0, eq) : hostRoots.get(0).name();
            if (hostRoots.stream().noneMatch(h -> h.name().equals(root))) {
                System.err.println("bootsim diagnose: --kubelet-flags " + k + ": no root named " + root + "; roots: "
                        + hostRoots.stream().map(HostRoot::name).toList());
                return 2;
            }
            kubelets.put(root, Path.of(eq > 0 ? k.substring(eq + 1) : k));
        }
        DiagnoseReport report = Diagnose.run(new DiagnoseInput(hostRoots, Optional.ofNullable(apiserverFlags),
                Optional.ofNullable(controllerManagerFlags), kubelets, Optional.ofNullable(manifests),
                Optional.ofNullable(emulatedVersion)), Optional.ofNullable(writeScenario));
        System.out.print(format.equals("json") ? report.json() : report.text());
        return report.healthy() ? 0 : 1;
    }
}
