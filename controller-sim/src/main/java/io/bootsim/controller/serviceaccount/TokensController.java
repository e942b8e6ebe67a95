package io.bootsim.controller.serviceaccount;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;
import io.bootsim.core.client.ApiTransport;
import io.bootsim.core.client.Informer;
import io.bootsim.core.client.ObjectKey;
import io.bootsim.core.client.ResourceEventHandler;
import io.bootsim.core.client.workqueue.RateLimiter;
import io.bootsim.core.client.workqueue.WorkQueue;
import io.bootsim.core.http.HttpRequest;
import io.bootsim.core.runtime.ComponentContext;
import io.bootsim.core.serviceaccount.LegacyTokenClaims;
import io.bootsim.core.serviceaccount.TokenSigner;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * serviceaccount-token: every ServiceAccount gets a Secret {@code <account>-token-<5 random>} of
 * type {@code kubernetes.io/service-account-token} holding a legacy JWT signed with
 * --service-account-private-key-file, the root CA and the namespace, referenced from the account's
 * {@code secrets}. An account whose token Secret is deleted gets a new one. From 1.24 upstream no
 * longer generates them (LegacyServiceAccountTokenNoAutoGeneration); then this controller is not started.
 */
// upstream: pkg/controller/serviceaccount/tokens_controller.go (syncServiceAccount, ensureReferencedToken)
public final class TokensController {

    public static final String SERVICE_ACCOUNTS = "/api/v1/serviceaccounts";
    public static final String SECRETS = "/api/v1/secrets";
    static final String TOKEN_TYPE = "kubernetes.io/service-account-token";
    static final String NAME_ANNOTATION = "kubernetes.io/service-account.name";
    static final String UID_ANNOTATION = "kubernetes.io/service-account.uid";
    // k8s.io/apimachinery/pkg/util/rand: no vowels, no confusable characters
    private static final String NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private final ApiTransport api;
    private final Informer serviceAccounts;
    private final Informer secrets;
    private final TokenSigner signer;
    private final byte[] rootCa;
    private final ComponentContext context;
    private final SecureRandom random;
    private final WorkQueue queue;

    public TokensController(ApiTransport api, Informer serviceAccounts, Informer secrets, TokenSigner signer, byte[] rootCa,
                            ComponentContext context) {
        this.api = api;
        this.serviceAccounts = serviceAccounts;
        this.secrets = secrets;
        this.signer = signer;
        this.rootCa = rootCa.clone();
        this.context = context;
        this.random = context.random().stream("service-account-tokens");
        this.queue = new WorkQueue(context.scheduler(), RateLimiter.defaultControllerRateLimiter(context.clock()), 1);
    }

    public void start() {
        serviceAccounts.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(ObjectNode account) {
                queue.add(ObjectKey.of(account));
            }

            @Override
            public void onUpdate(ObjectNode old, ObjectNode account) {
                queue.add(ObjectKey.of(account));
            }
        });
        secrets.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onDelete(ObjectNode secret) {
                if (TOKEN_TYPE.equals(secret.path("type").asText())) {
                    queue.add(secret.path("metadata").path("namespace").asText() + "/"
                            + secret.path("metadata").path("annotations").path(NAME_ANNOTATION).asText());
                }
            }
        });
        queue.run(this::syncServiceAccount);
    }

    public void stop() {
        queue.shutDown();
    }

    private void syncServiceAccount(String key) {
        Optional<ObjectNode> found = serviceAccounts.store().get(key);
        if (found.isEmpty() || found.get().path("metadata").hasNonNull("deletionTimestamp") || hasToken(found.get())) {
            queue.done(key);
            return;
        }
        ObjectNode account = found.get();
        String namespace = account.path("metadata").path("namespace").asText();
        String name = account.path("metadata").path("name").asText();
        String uid = account.path("metadata").path("uid").asText();
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            suffix.append(NAME_ALPHABET.charAt(random.nextInt(NAME_ALPHABET.length())));
        }
        String secretName = name + "-token-" + suffix;
        String token = signer.sign(new LegacyTokenClaims(namespace, name, uid, secretName).toPayload(), random);
        ObjectNode secret = Json.object().put("apiVersion", "v1").put("kind", "Secret");
        ObjectNode meta = secret.putObject("metadata").put("name", secretName).put("namespace", namespace);
        meta.putObject("annotations").put(NAME_ANNOTATION, name).put(UID_ANNOTATION, uid);
        secret.put("type", TOKEN_TYPE);
        Base64.Encoder b64 = Base64.getEncoder();
        secret.putObject("data").put("ca.crt", b64.encodeToString(rootCa))
                .put("namespace", b64.encodeToString(namespace.getBytes(StandardCharsets.UTF_8)))
                .put("token", b64.encodeToString(token.getBytes(StandardCharsets.UTF_8)));
        String secretsPath = "/api/v1/namespaces/" + namespace + "/secrets";
        api.send(HttpRequest.post(secretsPath, secret), created -> {
            if (!created.isSuccess()) {
                context.log().error("tokens_controller.go", "error creating token secret for service account "
                        + key + ": " + created.goError());
                retry(key);
                return;
            }
            ObjectNode updated = account.deepCopy();
            updated.withArray("secrets").addObject().put("name", secretName);
            api.send(HttpRequest.put("/api/v1/namespaces/" + namespace + "/serviceaccounts/" + name, updated), referenced -> {
                if (!referenced.isSuccess()) {
                    // the account changed or went away: drop the unreferenced token and try again
                    api.send(HttpRequest.delete(secretsPath + "/" + secretName), ignored -> { });
                    retry(key);
                    return;
                }
                context.tracer().emit("controller.serviceaccount-token", "serviceAccount", key, "decision", "token created",
                        "reason", "secret " + namespace + "/" + secretName);
                queue.forget(key);
                queue.done(key);
            });
        });
    }

    /** Whether a Secret the account references is a token Secret for it (ensureReferencedToken). */
    private boolean hasToken(ObjectNode account) {
        String namespace = account.path("metadata").path("namespace").asText();
        for (JsonNode ref : account.path("secrets")) {
            Optional<ObjectNode> secret = secrets.store().get(namespace + "/" + ref.path("name").asText());
            if (secret.isPresent() && TOKEN_TYPE.equals(secret.get().path("type").asText())) {
                JsonNode annotations = secret.get().path("metadata").path("annotations");
                String uid = annotations.path(UID_ANNOTATION).asText("");
                if (annotations.path(NAME_ANNOTATION).asText().equals(account.path("metadata").path("name").asText())
                        && (uid.isEmpty() || uid.equals(account.path("metadata").path("uid").asText()))) {
                    return true;
                }
            }
        }
        return false;
    }

    private void retry(String key) {
        queue.addRateLimited(key);
        queue.done(key);
    }
}
