package io.bootsim.apiserver.authentication;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.registry.core.TokenRequestRest;
import io.bootsim.core.api.Json;
import io.bootsim.core.api.StatusException;
import io.bootsim.core.pki.KeyType;
import io.bootsim.core.pki.Keys;
import io.bootsim.core.random.RandomStreams;
import io.bootsim.core.serviceaccount.LegacyTokenClaims;
import io.bootsim.core.serviceaccount.TokenSigner;
import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Service-account JWTs as kube-apiserver judges them: Secret-based (legacy) and TokenRequest (bound) tokens. */
class ServiceAccountTokenAuthenticatorTest {

    private static final KubeVersion V133 = KubeVersion.parse("1.33");
    private static final String ISSUER = "https://kubernetes.default.svc.cluster.local";
    private static final String USER = "system:serviceaccount:kube-system:certificate-controller";

    private final SecureRandom random = RandomStreams.seeded(11).stream("test");
    private final KeyPair key = Keys.generate(KeyType.RSA_2048, random);
    private final Map<String, ObjectNode> objects = new HashMap<>();
    private Instant now = Instant.parse("2025-01-01T00:00:00Z");

    private final ServiceAccountTokenGetter getter = new ServiceAccountTokenGetter() {
        @Override
        public Optional<ObjectNode> serviceAccount(String namespace, String name) {
            return Optional.ofNullable(objects.get("serviceaccounts/" + namespace + "/" + name));
        }

        @Override
        public Optional<ObjectNode> secret(String namespace, String name) {
            return Optional.ofNullable(objects.get("secrets/" + namespace + "/" + name));
        }
    };

    @Test
    void aLegacyTokenWhoseSecretAndAccountExistIsTheServiceAccount() {
        account("uid-1");
        String token = legacyToken("uid-1", key);
        secret(token);
        var user = ((AuthenticationResult.Authenticated) legacy(true, V133).authenticateToken(token)).user();
        assertEquals(new UserInfo(USER, "uid-1", List.of("system:serviceaccounts", "system:serviceaccounts:kube-system"),
                Map.of()), user);
    }

    @Test
    void lookupRevokesALegacyTokenWithItsSecretOrItsAccount() {
        account("uid-1");
        String token = legacyToken("uid-1", key);
        assertEquals(new AuthenticationResult.Failed("Token has been invalidated"), legacy(true, V133).authenticateToken(token));
        secret(legacyToken("uid-1", key).replace('a', 'b'));
        assertEquals(new AuthenticationResult.Failed("Token does not match server's copy"),
                legacy(true, V133).authenticateToken(token));
        secret(token);
        account("uid-2"); // deleted and made again
        assertEquals(new AuthenticationResult.Failed("ServiceAccount UID (uid-2) does not match claim (uid-1)"),
                legacy(true, V133).authenticateToken(token));
        // --service-account-lookup=false trusts the signature alone
        objects.clear();
        assertInstanceOf(AuthenticationResult.Authenticated.class, legacy(false, V133).authenticateToken(token));
    }

    @Test
    void aTokenSignedWithAnotherKeyIsAnErrorInTheWordsOfTheJwtLibraryOfTheRelease() {
        account("uid-1");
        String forged = legacyToken("uid-1", Keys.generate(KeyType.RSA_2048, random));
        secret(forged);
        assertEquals(new AuthenticationResult.Failed("square/go-jose: error in cryptographic primitive"),
                legacy(true, V133).authenticateToken(forged));
        assertEquals(new AuthenticationResult.Failed("crypto/rsa: verification error"),
                legacy(true, KubeVersion.parse("1.9")).authenticateToken(forged));
    }

    @Test
    void tokensOfOtherIssuersAndTokensThatAreNoJwtAreNotMine() {
        account("uid-1");
        String bound = tokenRequest(Json.object());
        assertInstanceOf(AuthenticationResult.NotAuthenticated.class, legacy(true, V133).authenticateToken(bound));
        assertInstanceOf(AuthenticationResult.NotAuthenticated.class,
                legacy(true, V133).authenticateToken("07401b6f3d4b4e1e9a9c8b7a6f5e4d3c"));
    }

    @Test
    void aTokenRequestTokenIsTheAccountUntilItExpires() {
        account("uid-1");
        String token = tokenRequest(Json.object());
        assertEquals(USER, ((AuthenticationResult.Authenticated) bound().authenticateToken(token)).user().name());
        now = now.plus(Duration.ofHours(1)).plusSeconds(61); // an hour by default, a minute of leeway
        assertEquals(new AuthenticationResult.Failed("service account token has expired"), bound().authenticateToken(token));
    }

    @Test
    void aTokenRequestTokenDiesWithItsAccountAndNeedsTheApiAudience() {
        account("uid-1");
        ObjectNode spec = Json.object();
        spec.putObject("spec").putArray("audiences").add("vault");
        assertEquals(new AuthenticationResult.Failed("token audiences [\"vault\"] is invalid for the target audiences [\""
                + ISSUER + "\"]"), bound().authenticateToken(tokenRequest(spec)));
        String token = tokenRequest(Json.object());
        account("uid-2");
        assertEquals(new AuthenticationResult.Failed("service account UID (uid-2) does not match claim (uid-1)"),
                bound().authenticateToken(token));
    }

    @Test
    void tokenRequestDefaultsAndRefusals() {
        account("uid-1");
        ObjectNode answer = rest().create("kube-system", "certificate-controller", Json.object());
        assertEquals(3600, answer.path("spec").path("expirationSeconds").asLong());
        assertEquals(ISSUER, answer.path("spec").path("audiences").get(0).asText());
        assertEquals("2025-01-01T01:00:00Z", answer.path("status").path("expirationTimestamp").asText());

        ObjectNode shortLived = Json.object();
        shortLived.putObject("spec").put("expirationSeconds", 60);
        StatusException invalid = assertThrows(StatusException.class,
                () -> rest().create("kube-system", "certificate-controller", shortLived));
        assertEquals("TokenRequest.authentication.k8s.io \"\" is invalid: spec.expirationSeconds: Invalid value: 60: "
                + "may not specify a duration less than 10 minutes", invalid.status().message());
        StatusException missing = assertThrows(StatusException.class,
                () -> rest().create("kube-system", "token-cleaner", Json.object()));
        assertEquals(404, missing.status().code());
        assertEquals("serviceaccounts \"token-cleaner\" not found", missing.status().message());
    }

    private ServiceAccountTokenAuthenticator legacy(boolean lookup, KubeVersion version) {
        return ServiceAccountTokenAuthenticator.legacy(List.of(key.getPublic()), List.of(ISSUER),
                new LegacyServiceAccountValidator(lookup, getter), version);
    }

    private ServiceAccountTokenAuthenticator bound() {
        return new ServiceAccountTokenAuthenticator("service-account", List.of(ISSUER), List.of(key.getPublic()),
                List.of(ISSUER), new BoundServiceAccountValidator(getter, () -> now), V133);
    }

    private TokenRequestRest rest() {
        return new TokenRequestRest(getter::serviceAccount, new TokenSigner(key.getPrivate(), V133), ISSUER,
                List.of(ISSUER), () -> now, RandomStreams.seeded(1));
    }

    private String tokenRequest(ObjectNode request) {
        return rest().create("kube-system", "certificate-controller", request).path("status").path("token").asText();
    }

    private String legacyToken(String uid, KeyPair signer) {
        return new TokenSigner(signer.getPrivate(), V133).sign(new LegacyTokenClaims("kube-system", "certificate-controller",
                uid, "certificate-controller-token-x2b4k").toPayload(), random);
    }

    private void account(String uid) {
        ObjectNode sa = Json.object();
        sa.putObject("metadata").put("name", "certificate-controller").put("namespace", "kube-system").put("uid", uid);
        objects.put("serviceaccounts/kube-system/certificate-controller", sa);
    }

    private void secret(String token) {
        ObjectNode secret = Json.object().put("type", "kubernetes.io/service-account-token");
        secret.putObject("metadata").put("name", "certificate-controller-token-x2b4k").put("namespace", "kube-system");
        secret.putObject("data").put("token", Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
        objects.put("secrets/kube-system/certificate-controller-token-x2b4k", secret);
    }
}
