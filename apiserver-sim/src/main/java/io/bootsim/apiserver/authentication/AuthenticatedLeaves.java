package io.bootsim.apiserver.authentication;

import io.bootsim.core.cache.LeastRecentlyUsed;

import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The users that client certificates sent alone (no intermediates) were authenticated as, by the
 * certificate's exact DER, each with the time window in which its verified chain holds. Everything
 * the x509 authenticator decides about such a certificate depends on its bytes, the fixed client
 * CAs and the time; inside the window every certificate of the chain is valid, so the chain verifies
 * again and maps to the same user. A node's certificate then costs one chain verification, not one
 * per request. Outside the window, or for anything that failed, the authenticator decides afresh,
 * with its exact error. Bounded: past {@code capacity} the least recently used is forgotten.
 */
final class AuthenticatedLeaves {

    private record Known(AuthenticationResult.Authenticated user, Instant notBefore, Instant notAfter) {
    }

    private final Map<ByteBuffer, Known> known;

    AuthenticatedLeaves(int capacity) {
        this.known = LeastRecentlyUsed.map(capacity);
    }

    /** The user the leaf with this DER was authenticated as, if its chain holds at {@code now}; else null. */
    synchronized AuthenticationResult.Authenticated at(ByteBuffer leafDer, Instant now) {
        Known k = known.get(leafDer);
        // Go's isValid: invalid when now is before NotBefore or after NotAfter
        return k == null || now.isBefore(k.notBefore()) || now.isAfter(k.notAfter()) ? null : k.user();
    }

    /** Remembers a success with the chain it was verified through, leaf first. */
    synchronized void remember(ByteBuffer leafDer, List<X509Certificate> chain, AuthenticationResult.Authenticated user) {
        Instant notBefore = Instant.MIN;
        Instant notAfter = Instant.MAX;
        for (X509Certificate c : chain) {
            Instant from = c.getNotBefore().toInstant();
            Instant to = c.getNotAfter().toInstant();
            notBefore = from.isAfter(notBefore) ? from : notBefore;
            notAfter = to.isBefore(notAfter) ? to : notAfter;
        }
        known.put(leafDer, new Known(user, notBefore, notAfter));
    }
}
