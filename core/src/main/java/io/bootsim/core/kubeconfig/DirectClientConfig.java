package io.bootsim.core.kubeconfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a kubeconfig's current context into a {@link RestConfig}, with client-go's checks and
 * messages: ConfirmUsable validates only the context in use (missing context, user or cluster,
 * cert without key, unreadable files, both data and file given), then the credentials and server
 * identity are read. Credentials are used only for an {@code https://} server, as in client-go.
 */
// upstream: staging/src/k8s.io/client-go/tools/clientcmd/client_config.go ClientConfig, validation.go
public final class DirectClientConfig {

    private DirectClientConfig() {
    }

    // upstream: clientcmd/validation.go ErrEmptyConfig, ErrEmptyCluster
    static final String EMPTY_CONFIG =
            "no configuration has been provided, try setting KUBERNETES_MASTER environment variable";
    static final String EMPTY_CLUSTER = "cluster has no server defined";

    public static RestConfig clientConfig(Kubeconfig config) throws KubeconfigException {
        String contextName = config.currentContext();
        Context context = config.context(contextName).orElse(new Context("", "", ""));
        AuthInfo user = config.user(context.user()).orElse(new AuthInfo("", null, "", null, "", ""));
        Cluster cluster = config.cluster(context.cluster()).orElse(Cluster.server(""));

        List<String> errors = confirmUsable(config, contextName, context, user, cluster);
        if (errors.equals(List.of(EMPTY_CLUSTER))) {
            errors = List.of(EMPTY_CONFIG);
        }
        if (!errors.isEmpty()) {
            throw KubeconfigException.invalid(config.origin(), errors);
        }

        String namespace = context.namespace().isEmpty() ? "default" : context.namespace();
        String server = cluster.server();
        if (!server.regionMatches(true, 0, "https://", 0, 8)) {
            // upstream: client_config.go reads auth information only if IsConfigTransportTLS
            return new RestConfig(contextName, server, "", new byte[0], false, "", "", "", "", new byte[0], "",
                    new byte[0], namespace);
        }

        String caFile = config.resolvePath(cluster.certificateAuthority());
        byte[] caData = dataOrFile(config, cluster.certificateAuthorityData(), caFile);

        String token = user.token();
        String tokenFile = config.resolvePath(user.tokenFile());
        if (token.isEmpty() && !tokenFile.isEmpty()) {
            // the file token source trims what it reads; that is what goes on the wire
            token = new String(read(config, tokenFile), StandardCharsets.UTF_8).trim();
        }

        String certFile = "";
        String keyFile = "";
        byte[] certData = new byte[0];
        byte[] keyData = new byte[0];
        if (!user.clientCertificate().isEmpty() || user.clientCertificateData().length > 0) {
            certFile = config.resolvePath(user.clientCertificate());
            keyFile = config.resolvePath(user.clientKey());
            certData = dataOrFile(config, user.clientCertificateData(), certFile);
            keyData = dataOrFile(config, user.clientKeyData(), keyFile);
        }
        return new RestConfig(contextName, server, caFile, caData, cluster.insecureSkipTlsVerify(),
                cluster.tlsServerName(), token, tokenFile, certFile, certData, keyFile, keyData, namespace);
    }

    private static List<String> confirmUsable(Kubeconfig config, String contextName, Context context, AuthInfo user,
                                              Cluster cluster) {
        List<String> errors = new ArrayList<>();
        if (!contextName.isEmpty() && config.context(contextName).isEmpty()) {
            errors.add("context was not found for specified context: " + contextName);
        }
        addUnique(errors, validateAuthInfo(config, context.user(), user));
        addUnique(errors, validateCluster(config, context.cluster(), cluster));
        return errors;
    }

    // upstream: clientcmd/validation.go validateAuthInfo (token/basic/cert cases; exec and auth providers are not modelled)
    private static List<String> validateAuthInfo(Kubeconfig config, String name, AuthInfo user) {
        List<String> errors = new ArrayList<>();
        boolean certFile = !user.clientCertificate().isEmpty();
        boolean certData = user.clientCertificateData().length > 0;
        boolean keyFile = !user.clientKey().isEmpty();
        boolean keyData = user.clientKeyData().length > 0;
        if (certFile || certData) {
            if (certFile && certData) {
                errors.add("client-cert-data and client-cert are both specified for " + name
                        + ". client-cert-data will override.");
            }
            if (keyFile && keyData) {
                errors.add("client-key-data and client-key are both specified for " + name
                        + "; client-key-data will override");
            }
            if (!keyFile && !keyData) {
                errors.add("client-key-data or client-key must be specified for " + name
                        + " to use the clientCert authentication method.");
            }
            if (certFile) {
                checkReadable(errors, config.resolvePath(user.clientCertificate()), "client-cert", name);
            }
            if (keyFile) {
                checkReadable(errors, config.resolvePath(user.clientKey()), "client-key", name);
            }
        }
        return errors;
    }

    // upstream: clientcmd/validation.go validateClusterInfo
    private static List<String> validateCluster(Kubeconfig config, String name, Cluster cluster) {
        if (cluster.isEmpty()) {
            return List.of(EMPTY_CLUSTER);
        }
        List<String> errors = new ArrayList<>();
        if (cluster.server().isEmpty()) {
            errors.add(name.isEmpty() ? "default cluster has no server defined"
                    : "no server found for cluster \"" + name + "\"");
        }
        if (!cluster.certificateAuthority().isEmpty() && cluster.certificateAuthorityData().length > 0) {
            errors.add("certificate-authority-data and certificate-authority are both specified for " + name
                    + ". certificate-authority-data will override.");
        }
        if (!cluster.certificateAuthority().isEmpty()) {
            checkReadable(errors, config.resolvePath(cluster.certificateAuthority()), "certificate-authority", name);
        }
        return errors;
    }

    private static void checkReadable(List<String> errors, String path, String what, String owner) {
        try {
            Files.newInputStream(Path.of(path)).close();
        } catch (IOException e) {
            errors.add("unable to read " + what + " " + path + " for " + owner + " due to "
                    + OsError.describe("open", path, e));
        }
    }

    /** utilerrors.NewAggregate drops repeated messages. */
    private static void addUnique(List<String> errors, List<String> more) {
        for (String e : more) {
            if (!errors.contains(e)) {
                errors.add(e);
            }
        }
    }

    private static byte[] dataOrFile(Kubeconfig config, byte[] data, String file) throws KubeconfigException {
        if (data.length > 0 || file.isEmpty()) {
            return data;
        }
        return read(config, file);
    }

    private static byte[] read(Kubeconfig config, String file) throws KubeconfigException {
        try {
            return Files.readAllBytes(Path.of(file));
        } catch (IOException e) {
            throw KubeconfigException.plain(config.origin(), OsError.describe("open", file, e));
        }
    }
}
