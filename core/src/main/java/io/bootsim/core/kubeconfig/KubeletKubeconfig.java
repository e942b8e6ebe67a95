package io.bootsim.core.kubeconfig;

import java.nio.file.Path;
import java.util.TreeMap;

/**
 * The kubeconfig the kubelet writes to {@code --kubeconfig} once it bootstraps: cluster
 * {@code default-cluster} copied from the bootstrap client config, user {@code default-auth}
 * whose certificate and key both point at the rotating {@code <cert-dir>/kubelet-client-current.pem},
 * context {@code default-context} with namespace {@code default}.
 */
// upstream: pkg/kubelet/certificate/bootstrap/bootstrap.go writeKubeconfigFromBootstrapping
public final class KubeletKubeconfig {

    private KubeletKubeconfig() {
    }

    public static final String CLUSTER = "default-cluster";
    public static final String USER = "default-auth";
    public static final String CONTEXT = "default-context";
    /** The client certificate store's symlink, {@code <prefix>-current.pem} with prefix {@code kubelet-client}. */
    public static final String CURRENT_CLIENT_PEM = "kubelet-client-current.pem";

    public static Kubeconfig fromBootstrap(RestConfig bootstrap, Path certDir) {
        // A CA file wins over CA data here, although data wins when connecting; tls-server-name is
        // not carried over. Both as upstream.
        Cluster cluster = new Cluster(bootstrap.server(), bootstrap.caFile(),
                bootstrap.caFile().isEmpty() ? bootstrap.caData() : null, bootstrap.insecureSkipTlsVerify(), "");
        String pem = certDir.resolve(CURRENT_CLIENT_PEM).toString();
        return Kubeconfig.empty()
                .withCluster(CLUSTER, cluster)
                .withUser(USER, AuthInfo.clientCertificateFiles(pem, pem))
                .withContext(CONTEXT, new Context(CLUSTER, USER, "default"))
                .withCurrentContext(CONTEXT);
    }
}
