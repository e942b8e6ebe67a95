package io.bootsim.diagnose;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the user pointed diagnose at: the machines' roots (the first is where flag files and a
 * control plane without a unit belong), command lines saved as flag files, the RBAC manifests and
 * the release to emulate if the files should not decide.
 *
 * @param kubeletFlags flag files by root name
 */
public record DiagnoseInput(List<HostRoot> roots, Optional<Path> apiserverFlags, Optional<Path> controllerManagerFlags,
                            Map<String, Path> kubeletFlags, Optional<Path> manifests, Optional<String> emulatedVersion) {

    public DiagnoseInput {
        roots = List.copyOf(roots);
        kubeletFlags = Map.copyOf(kubeletFlags);
    }
}
