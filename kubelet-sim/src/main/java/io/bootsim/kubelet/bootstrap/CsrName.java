package io.bootsim.kubelet.bootstrap;

import io.bootsim.core.pki.Subject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * The deterministic name of the blocking bootstrap's CSR: {@code node-csr-} and the unpadded
 * base64url SHA-512/256 of base64url(public key DER, or the key file in old releases), CN, each O and each usage, every item
 * followed by '|'. A kubelet restarted during bootstrap reuses its .tmp key, so it computes the
 * same name, gets AlreadyExists and waits on the CSR it already sent.
 */
// upstream: pkg/kubelet/certificate/bootstrap/bootstrap.go digestedName
public final class CsrName {

    private CsrName() {
    }

    /** @param keyData the DER public key, or (old releases) the key file's bytes */
    public static String of(byte[] keyData, Subject subject, List<String> usages) {
        try {
            MessageDigest hash = MessageDigest.getInstance("SHA-512/256");
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            write(hash, b64.encode(keyData));
            write(hash, b64.encode(subject.commonName().getBytes(StandardCharsets.UTF_8)));
            for (String o : subject.organizations()) {
                write(hash, b64.encode(o.getBytes(StandardCharsets.UTF_8)));
            }
            for (String u : usages) {
                write(hash, b64.encode(u.getBytes(StandardCharsets.UTF_8)));
            }
            return "node-csr-" + b64.encodeToString(hash.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512/256 is part of every Java 9+ JDK", e);
        }
    }

    private static void write(MessageDigest hash, byte[] encoded) {
        hash.update(encoded);
        hash.update((byte) '|');
    }
}
