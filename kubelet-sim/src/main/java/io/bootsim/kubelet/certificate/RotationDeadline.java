package io.bootsim.kubelet.certificate;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;

/**
 * When the certificate manager rotates: at NotBefore + lifetime x U(0.7, 0.9), so that nodes made
 * together do not all renew together. Upstream computes it as {@code Jitter(total, 0.2) - 0.3 total},
 * i.e. total x (0.7 + 0.2 r) with r in [0, 1).
 */
// upstream: staging/src/k8s.io/client-go/util/certificate/certificate_manager.go jitteryDuration
public record RotationDeadline(DoubleSupplier uniform) {

    /** The deadline for a certificate valid from {@code notBefore} to {@code notAfter}. */
    public Instant of(Instant notBefore, Instant notAfter) {
        long total = Duration.between(notBefore, notAfter).toNanos();
        // Go's arithmetic: each float product truncated to a Duration on its own
        long jittered = total + (long) (uniform.getAsDouble() * 0.2 * total) - (long) (total * 0.3);
        return notBefore.plusNanos(jittered);
    }

    public Instant of(X509Certificate certificate) {
        return of(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant());
    }
}
