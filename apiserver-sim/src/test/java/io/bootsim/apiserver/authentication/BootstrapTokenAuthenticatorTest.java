package io.bootsim.apiserver.authentication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;
import io.bootsim.core.time.VirtualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BootstrapTokenAuthenticatorTest {

    private static final JsonNode VALID = Vectors.load("bootstrap-token-vectors.yaml").get("validSecret");

    static Stream<JsonNode> vectors() {
        return Vectors.cases("bootstrap-token-vectors.yaml");
    }

    /** A Secret as API storage holds it: base64 data, metadata.name/namespace/deletionTimestamp. */
    static ObjectNode storedSecret(JsonNode overrides) {
        ObjectNode secret = Json.object();
        secret.put("apiVersion", "v1").put("kind", "Secret");
        ObjectNode metadata = secret.putObject("metadata");
        metadata.put("name", overrides.path("name").asText(VALID.get("name").asText())).put("namespace", "kube-system");
        if (overrides.has("deletionTimestamp")) {
            metadata.put("deletionTimestamp", overrides.get("deletionTimestamp").asText());
        }
        secret.put("type", overrides.path("type").asText(VALID.get("type").asText()));
        ObjectNode data = secret.putObject("data");
        VALID.get("data").fields().forEachRemaining(f -> data.put(f.getKey(), b64(f.getValue().asText())));
        overrides.path("data").fields().forEachRemaining(f -> {
            if (f.getValue().isNull()) {
                data.remove(f.getKey());
            } else {
                data.put(f.getKey(), b64(f.getValue().asText()));
            }
        });
        return secret;
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static BootstrapTokenAuthenticator withSecret(ObjectNode secret) {
        return new BootstrapTokenAuthenticator(
                name -> name.equals(secret.get("metadata").get("name").asText()) ? Optional.of(secret) : Optional.empty(),
                new VirtualClock(VirtualClock.DEFAULT_START));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void bootstrapTokenIsCheckedAgainstItsSecretAsUpstream(JsonNode v) {
        AuthenticationResult result = withSecret(storedSecret(v.path("secret"))).authenticateToken(v.get("token").asText());
        AuthenticationResult expected = v.has("user")
                ? new AuthenticationResult.Authenticated(Vectors.user(v.get("user")))
                : new AuthenticationResult.NotAuthenticated(v.get("reason").asText());
        assertEquals(expected, result);
    }

    @Test
    void kubeadmTokenUserGetsSystemAuthenticatedLastThroughTheChain() {
        ObjectNode secret = storedSecret(Json.object().set("data",
                Json.object().put("auth-extra-groups", "system:bootstrappers:kubeadm:default-node-token")));
        var chain = RequestAuthentication.of(Optional.empty(), List.of(withSecret(secret)), true);
        var result = chain.authenticate(new AuthenticationRequest(List.of("Bearer foobar.circumnavigation"), List.of()));
        assertEquals(new UserInfo("system:bootstrap:foobar", "", List.of("system:bootstrappers",
                        "system:bootstrappers:kubeadm:default-node-token", "system:authenticated"), java.util.Map.of()),
                ((RequestAuthentication.Authenticated) result).user());
    }

    @Test
    void expiredBootstrapTokenIsA401EvenWithAnonymousOn() {
        ObjectNode secret = storedSecret(Json.object().set("data", Json.object().put("expiration", "2017-12-31T23:59:59Z")));
        var chain = RequestAuthentication.of(Optional.empty(), List.of(withSecret(secret)), true);
        var result = chain.authenticate(new AuthenticationRequest(List.of("Bearer foobar.circumnavigation"), List.of()));
        assertEquals("invalid bearer token", ((RequestAuthentication.Unauthorized) result).error());
    }
}
