package io.bootsim.kubelet.bootstrap;

import io.bootsim.core.kubeconfig.KubeconfigException;
import io.bootsim.core.kubeconfig.KubeconfigLoader;
import io.bootsim.core.kubeconfig.DirectClientConfig;
import io.bootsim.core.kubeconfig.RestConfig;
import io.bootsim.core.pki.Pem;
import io.bootsim.core.pki.PemException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Which credentials the kubelet starts with. The existing {@code --kubeconfig} is kept when it is
 * "still valid": it loads and its client certificate parses and no certificate in it is past
 * NotAfter (NotBefore and the CA are not checked). Otherwise the bootstrap kubeconfig is used,
 * when there is one; without one the kubeconfig is used as it is, expired or not.
 */
// upstream: pkg/kubelet/certificate/bootstrap/bootstrap.go LoadClientConfig, isClientConfigStillValid
public sealed interface BootstrapDecision {

    /** Use the kubeconfig (valid, or no bootstrap kubeconfig given). */
    record UseKubeconfig(RestConfig config, String reason) implements BootstrapDecision {
    }

    /** Request a client certificate with the bootstrap credentials. */
    record Bootstrap(RestConfig bootstrap, String reason) implements BootstrapDecision {
    }

    /** The kubelet cannot start: upstream's error text. */
    record Fail(String error) implements BootstrapDecision {
    }

    /**
     * @param log receives the messages upstream logs on the way (utilruntime.HandleError lines)
     */
    public static BootstrapDecision decide(Path kubeconfig, Path bootstrapKubeconfig, boolean expiredNamesFile, Instant now,
                                    Consumer<String> log) {
        if (bootstrapKubeconfig == null) {
            try {
                return new UseKubeconfig(load(kubeconfig), "No bootstrapping requested, will use kubeconfig");
            } catch (KubeconfigException e) {
                return new Fail("unable to load kubeconfig: " + e.upstreamMessage());
            }
        }
        if (stillValid(kubeconfig, expiredNamesFile, now, log)) {
            try {
                return new UseKubeconfig(load(kubeconfig),
                        "Current kubeconfig file contents are still valid, no bootstrap necessary");
            } catch (KubeconfigException e) {
                return new Fail("unable to load kubeconfig: " + e.upstreamMessage());
            }
        }
        try {
            return new Bootstrap(load(bootstrapKubeconfig),
                    "Using bootstrap kubeconfig to generate TLS client cert, key and kubeconfig file");
        } catch (KubeconfigException e) {
            return new Fail("unable to load bootstrap kubeconfig: " + e.upstreamMessage());
        }
    }

    public static boolean stillValid(Path kubeconfig, boolean expiredNamesFile, Instant now, Consumer<String> log) {
        if (!Files.exists(kubeconfig)) {
            return false;
        }
        RestConfig config;
        try {
            config = load(kubeconfig);
        } catch (KubeconfigException e) {
            log.accept("unable to read existing bootstrap client config from " + kubeconfig + ": "
                    + e.upstreamMessage());
            return false;
        }
        if (!config.hasClientCertificate()) {
            return false;
        }
        List<X509Certificate> certs;
        try {
            certs = Pem.certificates(config.certData(), kubeconfig.toString());
        } catch (PemException e) {
            log.accept("unable to load TLS certificates from existing bootstrap client config read from "
                    + kubeconfig + ": " + e.getMessage());
            return false;
        }
        for (X509Certificate cert : certs) {
            Instant notAfter = cert.getNotAfter().toInstant();
            if (now.isAfter(notAfter)) {
                log.accept(expiredNamesFile
                        ? "part of the existing bootstrap client certificate in " + kubeconfig + " is expired: " + notAfter
                        : "Part of the existing bootstrap client certificate is expired: " + notAfter);
                return false;
            }
        }
        return true;
    }

    private static RestConfig load(Path file) throws KubeconfigException {
        return DirectClientConfig.clientConfig(KubeconfigLoader.load(file));
    }
}
