package io.bootsim.diagnose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A token file, private key or kubeconfig with credentials that users other than the owner may
 * read (mode bits as the root holds them: copy with {@code cp -a} or {@code tar} to keep them).
 */
final class SecretFileReadableByOthers implements StaticCheck {

    private static final List<String> APISERVER = List.of("token-auth-file", "tls-private-key-file", "kubelet-client-key");
    private static final List<String> CONTROLLER_MANAGER = List.of("cluster-signing-key-file", "kubeconfig",
            "service-account-private-key-file");
    private static final List<String> KUBELET = List.of("bootstrap-kubeconfig", "kubeconfig", "tls-private-key-file");

    @Override
    public List<Finding> check(ClusterSnapshot s) throws IOException {
        Map<String, HostFiles> secrets = new LinkedHashMap<>();
        s.apiserver().ifPresent(a -> APISERVER.forEach(f -> a.value(f).ifPresent(p -> secrets.put(p, s.control()))));
        s.controllerManager().ifPresent(c -> CONTROLLER_MANAGER.forEach(f -> c.value(f).ifPresent(p -> secrets.put(p, s.control()))));
        for (ClusterSnapshot.KubeletHost k : s.kubelets()) {
            for (String f : KUBELET) {
                Optional<String> p = k.commandLine().value(f);
                if (p.isPresent()) {
                    secrets.putIfAbsent(p.get(), k.files());
                }
            }
        }
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, HostFiles> e : secrets.entrySet()) {
            Path file = e.getValue().files.get(e.getKey());
            if (file == null) {
                continue;
            }
            Set<PosixFilePermission> mode;
            try {
                mode = Files.getPosixFilePermissions(file);
            } catch (UnsupportedOperationException ex) {
                return out; // no POSIX modes on this file system: nothing to say
            }
            if (mode.contains(PosixFilePermission.OTHERS_READ)) {
                out.add(new Finding(Severity.WARNING, e.getValue().display(e.getKey()), 0, "holds credentials and is "
                        + "readable by every user on the machine", "-" + PosixFilePermissions.toString(mode) + " " + e.getKey(),
                        "chmod 600 " + e.getKey()));
            }
        }
        return out;
    }
}
