package io.bootsim.core.pki;

import io.bootsim.core.cache.LeastRecentlyUsed;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/**
 * Signature checks that passed, remembered by a SHA-256 digest of the bytes checked. A verdict
 * depends on those bytes alone, so a client certificate presented with every request, or a CSR
 * validated at create and again at each update, costs one public-key operation instead of one per
 * use: the same results for a hash of a few hundred bytes.
 * Only passes are kept, so a failure is checked, and reported, each time. Bounded: past
 * {@code capacity} the least recently used digest is forgotten and checked again when next seen.
 * Time is never part of it: expiry is judged on each use, at the component's clock.
 */
public final class PassedSignatures {

    private final Map<ByteBuffer, Boolean> passed;

    public PassedSignatures(int capacity) {
        this.passed = LeastRecentlyUsed.map(capacity);
    }

    /** Whether the check of exactly these bytes (e.g. a certificate's DER and its parent's) passed before. */
    public synchronized boolean contains(byte[]... checked) {
        return passed.get(digest(checked)) != null;
    }

    /** Remembers that the check of exactly these bytes passed. */
    public synchronized void add(byte[]... checked) {
        passed.put(digest(checked), Boolean.TRUE);
    }

    private static ByteBuffer digest(byte[]... parts) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                // length-prefixed, so no two different splits of the same bytes collide
                sha256.update(ByteBuffer.allocate(4).putInt(part.length).array());
                sha256.update(part);
            }
            return ByteBuffer.wrap(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
