package io.bootsim.controller.bootstrap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * The detached JWS the bootstrap signer puts into cluster-info: HS256 keyed by the token secret,
 * header {@code {"alg":"HS256","kid":"<token id>"}}, stored as {@code header..signature} (the payload,
 * the kubeconfig itself, is left out).
 */
// upstream: pkg/controller/bootstrap/jws.go computeDetachedSignature
public final class Jws {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private Jws() {
    }

    public static String detachedSignature(String content, String tokenId, String tokenSecret) {
        String header = B64.encodeToString(("{\"alg\":\"HS256\",\"kid\":\"" + tokenId + "\"}").getBytes(StandardCharsets.UTF_8));
        String payload = B64.encodeToString(content.getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(tokenSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] sig = mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + ".." + B64.encodeToString(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
