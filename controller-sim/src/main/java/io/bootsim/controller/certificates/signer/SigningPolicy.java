package io.bootsim.controller.certificates.signer;

import java.time.Duration;
import java.time.Instant;

/**
 * When an issued certificate is valid: NotBefore is backdated (5 minutes in the controller);
 * a "short" certificate (TTL under 8h) runs TTL from now, a longer one TTL from NotBefore; NotAfter
 * is clamped to the CA's NotAfter; an expired CA refuses to sign with upstream's two messages.
 */
// upstream: pkg/controller/certificates/authority/policies.go PermissiveSigningPolicy.apply
public record SigningPolicy(Duration ttl, Duration backdate, Duration shortThreshold) {

    public static final Duration BACKDATE = Duration.ofMinutes(5);
    public static final Duration SHORT = Duration.ofHours(8);

    /** The controller's policy for a TTL: backdate 5m, short below 8h. */
    public static SigningPolicy controller(Duration ttl) {
        return new SigningPolicy(ttl, BACKDATE, SHORT);
    }

    /** A validity window, or why there is none. */
    public sealed interface Validity {
    }

    public record Window(Instant notBefore, Instant notAfter) implements Validity {
    }

    public record Refused(String message) implements Validity {
    }

    public Validity validity(Instant now, Instant caNotAfter) {
        Instant notBefore = backdate.compareTo(Duration.ZERO) > 0 ? now.minus(backdate) : now;
        Instant notAfter = shortThreshold.compareTo(Duration.ZERO) > 0 && ttl.compareTo(shortThreshold) < 0
                ? now.plus(ttl) : notBefore.plus(ttl);
        if (notAfter.isAfter(caNotAfter)) {
            notAfter = caNotAfter;
        }
        if (!notBefore.isBefore(caNotAfter)) {
            return new Refused("the signer has expired: NotAfter=" + GoTime.format(caNotAfter));
        }
        if (!now.isBefore(caNotAfter)) {
            return new Refused("refusing to sign a certificate that expired in the past: NotAfter=" + GoTime.format(caNotAfter));
        }
        return new Window(notBefore, notAfter);
    }

    /**
     * The TTL the controller applies: the requested expirationSeconds if given, capped at the
     * signer's maximum and floored at 10 minutes (twice the backdate).
     */
    // upstream: pkg/controller/certificates/signer/signer.go duration
    public static Duration effectiveTtl(Duration signerMax, Integer expirationSeconds) {
        if (expirationSeconds == null) {
            return signerMax;
        }
        Duration requested = Duration.ofSeconds(expirationSeconds);
        Duration min = Duration.ofMinutes(10);
        if (requested.compareTo(signerMax) > 0) {
            return signerMax;
        }
        return requested.compareTo(min) < 0 ? min : requested;
    }
}
