package io.bootsim.diagnose;

import io.bootsim.core.flags.GoDuration;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The signing duration (--cluster-signing-duration, before 1.19 also
 * --experimental-cluster-signing-duration; default 8760h) reaches past the signing CA's NotAfter:
 * the signer caps each certificate at the CA's expiry, so nodes bootstrapped now hold shorter-lived
 * certificates than configured, and all of them die with the CA.
 */
// upstream: pkg/controller/certificates/authority/policies.go (notAfter capped at the CA's NotAfter)
final class SigningOutlivesCa implements StaticCheck {

    private static final Duration DEFAULT = Duration.ofHours(8760);

    @Override
    public List<Finding> check(ClusterSnapshot s) throws IOException {
        List<Finding> out = new ArrayList<>();
        List<X509Certificate> signing = s.certificates(s.controllerManager(), "cluster-signing-cert-file");
        if (signing.isEmpty()) {
            return out;
        }
        ComponentCommandLine kcm = s.controllerManager().get();
        Optional<CommandLineFlag> flag = kcm.flag("cluster-signing-duration").or(() -> kcm.flag("experimental-cluster-signing-duration"));
        Duration duration = DEFAULT;
        if (flag.isPresent() && flag.get().value().isPresent()) {
            try {
                duration = GoDuration.parse(flag.get().value().get());
            } catch (IllegalArgumentException e) {
                return out; // kube-controller-manager refuses the flag itself; the run reports it
            }
        }
        Instant caEnd = signing.get(0).getNotAfter().toInstant();
        Instant wanted = s.start().plus(duration);
        if (wanted.isAfter(caEnd)) {
            CommandLineFlag at = flag.orElse(kcm.flag("cluster-signing-cert-file").orElseThrow());
            out.add(new Finding(Severity.WARNING, at.file(), at.line(), "certificates are signed for "
                    + GoDuration.format(duration) + ", but the signing CA expires at " + caEnd + " ("
                    + Duration.between(s.start(), caEnd).toHours() + "h after " + s.start() + "): issued certificates are cut "
                    + "short at the CA's expiry and every node loses its identity then",
                    at.text() + " (CA NotAfter " + caEnd + ")",
                    "renew the cluster CA (kubeadm certs renew / a new CA with a rollover), or sign for less than "
                            + Duration.between(s.start(), caEnd).toHours() + "h"));
        }
        return out;
    }
}
