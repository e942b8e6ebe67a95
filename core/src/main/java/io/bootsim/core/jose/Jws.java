package io.bootsim.core.jose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.util.Base64;
import java.util.Optional;

/**
 * JSON Web Signatures in compact serialization ({@code header.payload.signature}, unpadded
 * base64url), as Kubernetes uses them: RS256 for RSA keys and ES256/ES384/ES512 by curve for
 * ECDSA keys (service-account tokens, go-jose's choice per key in pkg/serviceaccount/jwt.go), and
 * the detached HS256 signature the bootstrap signer puts into cluster-info. ECDSA signatures are
 * the fixed-length R||S of RFC 7518, not DER.
 */
public final class Jws {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODE = Base64.getUrlDecoder();

    /** A compact JWS split into its parts; nothing in it is verified yet. */
    public record Parsed(ObjectNode header, byte[] payload, String signingInput, byte[] signature) {

        public String algorithm() {
            return header.path("alg").asText("");
        }

        public String keyId() {
            return header.path("kid").asText("");
        }

        /** The payload as a JSON object, or empty when it is not one. */
        public Optional<ObjectNode> claims() {
            return jsonObject(payload);
        }
    }

    private Jws() {
    }

    /** The JOSE algorithm a key signs with: RS256, or ES256/ES384/ES512 by the curve's size. */
    public static String algorithm(Key key) {
        if (key instanceof RSAKey) {
            return "RS256";
        }
        if (key instanceof ECKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return switch (bits) {
                case 256 -> "ES256";
                case 384 -> "ES384";
                case 521 -> "ES512";
                default -> throw new IllegalArgumentException("unknown private key curve, must be 256, 384, or 521");
            };
        }
        throw new IllegalArgumentException("unknown private key type " + key.getAlgorithm()
                + ", must be an RSA or ECDSA key");
    }

    /**
     * The key ID Kubernetes puts into a token's header: unpadded base64url of the SHA-256 of the
     * public key's DER SubjectPublicKeyInfo, so that it names the key without revealing it.
     */
    // upstream: pkg/serviceaccount/jwt.go keyIDFromPublicKey
    public static String keyId(PublicKey key) {
        try {
            return B64.encodeToString(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Signs {@code payload} under {@code header} (which must name the key's algorithm). */
    public static String sign(ObjectNode header, ObjectNode payload, PrivateKey key, SecureRandom random) {
        String input = B64.encodeToString(Json.write(header).getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(Json.write(payload).getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance(javaAlgorithm(header.path("alg").asText()));
            signature.initSign(key, random);
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + B64.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with a " + key.getAlgorithm() + " key: " + e.getMessage(), e);
        }
    }

    /** The three parts of a compact JWS with a JSON header, or empty when {@code token} is not one. */
    public static Optional<Parsed> parse(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            Optional<ObjectNode> header = jsonObject(B64_DECODE.decode(parts[0]));
            byte[] payload = B64_DECODE.decode(parts[1]);
            byte[] signature = B64_DECODE.decode(parts[2]);
            return header.map(h -> new Parsed(h, payload, parts[0] + "." + parts[1], signature));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether {@code key} made the signature. The header's algorithm must be the one the key type
     * signs with: a token cannot pick a weaker algorithm for itself.
     */
    public static boolean verify(Parsed jws, PublicKey key) {
        if (!jws.algorithm().equals(algorithm(key))) {
            return false;
        }
        try {
            Signature signature = Signature.getInstance(javaAlgorithm(jws.algorithm()));
            signature.initVerify(key);
            signature.update(jws.signingInput().getBytes(StandardCharsets.US_ASCII));
            return signature.verify(jws.signature());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * The detached JWS of the bootstrap signer: HS256 keyed by the token secret, header
     * {@code {"alg":"HS256","kid":"<token id>"}}, stored as {@code header..signature} (the payload,
     * the cluster-info kubeconfig itself, is left out).
     */
    // upstream: pkg/controller/bootstrap/jws.go computeDetachedSignature
    public static String detachedHs256(String content, String keyId, String secret) {
        String header = B64.encodeToString(("{\"alg\":\"HS256\",\"kid\":\"" + keyId + "\"}").getBytes(StandardCharsets.UTF_8));
        String payload = B64.encodeToString(content.getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] sig = mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + ".." + B64.encodeToString(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static String javaAlgorithm(String jose) {
        return switch (jose) {
            case "RS256" -> "SHA256withRSA";
            case "ES256" -> "SHA256withECDSAinP1363Format";
            case "ES384" -> "SHA384withECDSAinP1363Format";
            case "ES512" -> "SHA512withECDSAinP1363Format";
            default -> throw new IllegalArgumentException("unsupported JWS algorithm " + jose);
        };
    }

    private static Optional<ObjectNode> jsonObject(byte[] bytes) {
        try {
            JsonNode node = Json.mapper().readTree(bytes);
            return node instanceof ObjectNode object ? Optional.of(object) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
