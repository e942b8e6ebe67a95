package io.bootsim.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.controller.clientbuilder.ServiceAccountCredentials;
import io.bootsim.controller.clientbuilder.TokenClients;
import io.bootsim.core.api.Json;
import io.bootsim.core.client.FakeApi;
import io.bootsim.core.http.HttpRequest;
import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * --use-service-account-credentials: a controller's requests go out with its service account's
 * token, got the way the emulated release gets it (TokenRequest, or a token Secret).
 */
class ServiceAccountCredentialsTest {

    private static final String ACCOUNTS = "/api/v1/namespaces/kube-system/serviceaccounts";
    private static final String SECRETS = "/api/v1/namespaces/kube-system/secrets";

    private final Fixture f = new Fixture();
    private final List<String> connections = new ArrayList<>();
    private final List<String> fatal = new ArrayList<>();
    private final FakeApi asAccount = new FakeApi(f.scheduler).collection("/api/v1/nodes");
    private final TokenClients clients = (clientName, controller, token) -> {
        connections.add(controller + " " + token);
        return asAccount;
    };

    @Test
    void from122TheAccountIsCreatedAndItsTokenComesFromTokenRequestAndIsRenewedAfter80PercentOfItsLife() {
        f.api.collection(ACCOUNTS);
        ObjectNode kubeSystem = Json.object();
        kubeSystem.putObject("metadata").put("name", "kube-system");
        f.api.put("/api/v1/namespaces", kubeSystem);
        int[] issued = {0};
        f.api.intercept(r -> r.path().equals(ACCOUNTS + "/certificate-controller/token") ? Optional.of(FakeApi.ok(r,
                tokenRequest("token-" + ++issued[0], f.clock.now().plus(Duration.ofHours(1))))) : Optional.empty());
        var credentials = new ServiceAccountCredentials(f.api, clients, KubeVersion.parse("1.33"), f.context, fatal::add);

        credentials.client("certificate-controller").send(HttpRequest.get("/api/v1/nodes"), r -> { });
        f.scheduler.runUntilIdle();
        assertEquals(List.of("GET " + ACCOUNTS + "/certificate-controller", "GET /api/v1/namespaces/kube-system",
                "POST " + ACCOUNTS, "POST " + ACCOUNTS + "/certificate-controller/token"), f.api.requests());
        assertEquals(List.of("certificate-controller token-1"), connections);
        assertEquals(List.of("GET /api/v1/nodes"), asAccount.requests());

        f.scheduler.advance(Duration.ofMinutes(47)); // still within 80% of the hour
        credentials.client("certificate-controller").send(HttpRequest.get("/api/v1/nodes"), r -> { });
        f.scheduler.runUntilIdle();
        assertEquals(1, connections.size());
        f.scheduler.advance(Duration.ofMinutes(2));
        credentials.client("certificate-controller").send(HttpRequest.get("/api/v1/nodes"), r -> { });
        f.scheduler.runUntilIdle();
        assertEquals(List.of("certificate-controller token-1", "certificate-controller token-2"), connections);
        assertEquals(1, asAccount.closes(), "the old token's connection is given up");
        assertEquals(3, asAccount.requests().size());
    }

    @Test
    void in19TheTokenComesFromTheAccountsSecretOnceATokenReviewAcceptsIt() {
        f.api.collection(ACCOUNTS).collection(SECRETS).collection("/api/v1/namespaces");
        f.api.intercept(r -> r.path().equals("/apis/authentication.k8s.io/v1/tokenreviews") ? Optional.of(FakeApi.ok(r,
                tokenReview(r))) : Optional.empty());
        var credentials = new ServiceAccountCredentials(f.api, clients, KubeVersion.parse("1.9"), f.context, fatal::add);

        credentials.client("certificate-controller").send(HttpRequest.get("/api/v1/nodes"), r -> { });
        f.scheduler.runUntilIdle();
        assertTrue(connections.isEmpty(), "no request before the token controller wrote the Secret");
        f.api.put(SECRETS, tokenSecret("default-token-abcde", "default", "other"));
        f.api.put(SECRETS, tokenSecret("certificate-controller-token-x2b4k", "certificate-controller", "legacy-token"));
        f.scheduler.runUntilIdle();

        assertEquals(List.of("certificate-controller legacy-token"), connections);
        assertEquals(List.of("GET /api/v1/nodes"), asAccount.requests());
        assertTrue(fatal.isEmpty());
    }

    @Test
    void in19NoTokenWithin30SecondsIsFatal() {
        f.api.collection(ACCOUNTS).collection(SECRETS).collection("/api/v1/namespaces");
        var credentials = new ServiceAccountCredentials(f.api, clients, KubeVersion.parse("1.9"), f.context, fatal::add);
        credentials.client("token-cleaner").send(HttpRequest.get("/api/v1/nodes"), r -> { });
        f.scheduler.advance(Duration.ofSeconds(31));
        assertEquals(List.of("unable to get token for service account: timed out waiting for the condition"), fatal);
        assertTrue(connections.isEmpty());
    }

    @Test
    void between115And121TokenRequestIsUsedOnlyWhenDiscoveryListsIt() {
        f.api.collection(ACCOUNTS).collection(SECRETS).collection("/api/v1/namespaces");
        f.api.intercept(r -> r.path().equals("/api/v1") ? Optional.of(FakeApi.ok(r, Json.object())) : Optional.empty());
        var credentials = new ServiceAccountCredentials(f.api, clients, KubeVersion.parse("1.18"), f.context, fatal::add);
        credentials.client("node-controller").send(HttpRequest.get("/api/v1/nodes"), r -> { });
        f.scheduler.runUntilIdle();
        assertTrue(f.logMessages().contains("using legacy client builder"), f.logMessages().toString());
        assertTrue(f.api.requests().contains("WATCH " + SECRETS), f.api.requests().toString());
    }

    private static ObjectNode tokenRequest(String token, java.time.Instant expires) {
        ObjectNode answer = Json.object().put("kind", "TokenRequest").put("apiVersion", "authentication.k8s.io/v1");
        answer.putObject("status").put("token", token).put("expirationTimestamp", expires.toString());
        return answer;
    }

    private static ObjectNode tokenReview(HttpRequest request) {
        try {
            String token = Json.mapper().readTree(request.body()).path("spec").path("token").asText();
            ObjectNode review = Json.object();
            ObjectNode status = review.putObject("status").put("authenticated", token.equals("legacy-token"));
            status.putObject("user").put("username", "system:serviceaccount:kube-system:certificate-controller");
            return review;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ObjectNode tokenSecret(String name, String account, String token) {
        ObjectNode secret = Json.object().put("type", "kubernetes.io/service-account-token");
        secret.putObject("metadata").put("name", name).put("namespace", "kube-system")
                .putObject("annotations").put("kubernetes.io/service-account.name", account);
        secret.putObject("data").put("token", Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
        return secret;
    }
}
