package io.bootsim.diagnose;

import io.bootsim.core.kubeconfig.AuthInfo;
import io.bootsim.core.kubeconfig.Cluster;
import io.bootsim.core.kubeconfig.Context;
import io.bootsim.core.kubeconfig.Kubeconfig;
import io.bootsim.core.kubeconfig.KubeconfigException;
import io.bootsim.core.kubeconfig.KubeconfigLoader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A kubeconfig found on a host, read as client-go reads it: the files it references (CA, client
 * certificate and key, token file; relative paths against the kubeconfig's directory) and the
 * current context's cluster and user.
 */
public record KubeconfigFile(String path, Kubeconfig config) {

    private static final Pattern LINE = Pattern.compile("line (\\d+)");

    /** Empty, with a finding naming the file and line, when client-go would refuse it. */
    public static Optional<KubeconfigFile> parse(String text, String hostPath, String display, String usedBy,
                                                 List<Finding> findings) {
        try {
            return Optional.of(new KubeconfigFile(hostPath, KubeconfigLoader.parse(text, Path.of(hostPath))));
        } catch (KubeconfigException e) {
            Matcher m = LINE.matcher(e.getMessage());
            findings.add(new Finding(Severity.ERROR, display, m.find() ? Integer.parseInt(m.group(1)) : 0,
                    usedBy + " cannot load this kubeconfig", e.upstreamMessage(),
                    "correct the file (kubectl config view --kubeconfig=" + hostPath + " shows what client-go reads)"));
            return Optional.empty();
        }
    }

    /** Absolute host paths of every file the kubeconfig names. */
    public List<String> referencedFiles() {
        List<String> out = new ArrayList<>();
        for (Cluster c : config.clusters().values()) {
            add(out, c.certificateAuthority());
        }
        for (AuthInfo u : config.users().values()) {
            add(out, u.clientCertificate());
            add(out, u.clientKey());
            add(out, u.tokenFile());
        }
        return out;
    }

    public Optional<Cluster> currentCluster() {
        return config.context(config.currentContext()).map(Context::cluster).flatMap(config::cluster);
    }

    public Optional<AuthInfo> currentUser() {
        return config.context(config.currentContext()).map(Context::user).flatMap(config::user);
    }

    private void add(List<String> out, String p) {
        if (!p.isEmpty()) {
            out.add(config.resolvePath(p));
        }
    }
}
