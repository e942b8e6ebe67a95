package io.bootsim.core.jose;

import io.bootsim.core.api.Json;
import io.bootsim.core.pki.KeyType;
import io.bootsim.core.pki.Keys;
import io.bootsim.core.random.RandomStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JwsTest {

    private final SecureRandom random = RandomStreams.seeded(7).stream("jws");

    @ParameterizedTest(name = "{0}")
    @CsvSource({"RSA_2048, RS256, 256", "ECDSA_P256, ES256, 64", "ECDSA_P384, ES384, 96"})
    void signsWithTheAlgorithmOfTheKeyAndVerifiesWithItsPublicHalf(KeyType type, String alg, int signatureBytes) {
        KeyPair pair = Keys.generate(type, random);
        String token = Jws.sign(Json.object().put("alg", alg), Json.object().put("sub", "x"), pair.getPrivate(), random);

        Jws.Parsed parsed = Jws.parse(token).orElseThrow();
        assertEquals(alg, Jws.algorithm(pair.getPublic()));
        assertEquals(alg, parsed.algorithm());
        // ECDSA as JOSE wants it: R||S of fixed length, not DER
        assertEquals(signatureBytes, parsed.signature().length);
        assertTrue(Jws.verify(parsed, pair.getPublic()));
        assertEquals("x", parsed.claims().orElseThrow().path("sub").asText());
    }

    @Test
    void aChangedPayloadOrAnotherKeyDoesNotVerify() {
        KeyPair pair = Keys.generate(KeyType.RSA_2048, random);
        KeyPair other = Keys.generate(KeyType.RSA_2048, random);
        String token = Jws.sign(Json.object().put("alg", "RS256"), Json.object().put("sub", "alice"), pair.getPrivate(), random);
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + b64("{\"sub\":\"mallory\"}") + "." + parts[2];

        assertFalse(Jws.verify(Jws.parse(forged).orElseThrow(), pair.getPublic()));
        assertFalse(Jws.verify(Jws.parse(token).orElseThrow(), other.getPublic()));
    }

    @Test
    void aTokenCannotChooseAnAlgorithmItsKeyDoesNotSignWith() {
        KeyPair rsa = Keys.generate(KeyType.RSA_2048, random);
        KeyPair ec = Keys.generate(KeyType.ECDSA_P256, random);
        String token = Jws.sign(Json.object().put("alg", "ES256"), Json.object(), ec.getPrivate(), random);
        assertFalse(Jws.verify(Jws.parse(token).orElseThrow(), rsa.getPublic()));
        String none = b64("{\"alg\":\"none\"}") + "." + b64("{}") + ".";
        assertFalse(Jws.verify(Jws.parse(none).orElseThrow(), rsa.getPublic()));
    }

    @Test
    void parseRefusesWhatIsNotACompactJwsWithAJsonHeader() {
        assertTrue(Jws.parse("07401b6f3d4b4e1e9a9c8b7a6f5e4d3c").isEmpty());
        assertTrue(Jws.parse("abcdef.0123456789abcdef").isEmpty());
        assertTrue(Jws.parse("a.b.c.d").isEmpty());
        assertTrue(Jws.parse(b64("[1]") + "." + b64("{}") + ".").isEmpty());
    }

    @Test
    void keyIdIsTheUnpaddedBase64UrlSha256OfTheSubjectPublicKeyInfo() throws Exception {
        KeyPair pair = Keys.generate(KeyType.ECDSA_P256, random);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(pair.getPublic().getEncoded());
        assertEquals(Base64.getUrlEncoder().withoutPadding().encodeToString(digest), Jws.keyId(pair.getPublic()));
        assertEquals(43, Jws.keyId(pair.getPublic()).length());
    }

    @Test
    void keysOfOtherKindsCannotSign() {
        assertThrows(IllegalArgumentException.class, () -> Jws.algorithm(
                new javax.crypto.spec.SecretKeySpec(new byte[16], "HmacSHA256")));
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
