package io.bootsim.controller.bootstrap;

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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * tokencleaner: deletes bootstrap-token Secrets once their expiration has passed, and for a token
 * that has time left looks again when it runs out.
 */
// upstream: pkg/controller/bootstrap/tokencleaner.go
public final class TokenCleaner {

    private final ApiTransport api;
    private final Informer secrets;
    private final ComponentContext context;
    private final WorkQueue queue;

    public TokenCleaner(ApiTransport api, Informer secrets, ComponentContext context) {
        this.api = api;
        this.secrets = secrets;
        this.context = context;
        this.queue = new WorkQueue(context.scheduler(), RateLimiter.defaultControllerRateLimiter(context.clock()), 1);
    }

    public void start() {
        secrets.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(ObjectNode object) {
                enqueue(object);
            }

            @Override
            public void onUpdate(ObjectNode old, ObjectNode object) {
                enqueue(object);
            }
        });
        queue.run(this::evaluate);
    }

    public void stop() {
        queue.shutDown();
    }

    private void enqueue(ObjectNode secret) {
        if (BootstrapToken.isTokenSecret(secret)) {
            queue.add(ObjectKey.of(secret));
        }
    }

    private void evaluate(String key) {
        Optional<ObjectNode> found = secrets.store().get(key);
        if (found.isEmpty()) {
            queue.done(key);
            return;
        }
        ObjectNode secret = found.get();
        BootstrapToken token = BootstrapToken.from(secret);
        Optional<Duration> left = token.timeLeft(context.clock().now(), context.log());
        if (left.isEmpty()) {
            queue.done(key);
            return;
        }
        if (left.get().compareTo(Duration.ZERO) > 0) {
            queue.addAfter(key, left.get());
            queue.done(key);
            return;
        }
        context.log().infoV(3, "tokencleaner.go", "Deleting expired secret " + key);
        // a UID precondition, so a secret re-created under the same name survives
        ObjectNode options = Json.object().put("kind", "DeleteOptions").put("apiVersion", "v1");
        options.putObject("preconditions").put("uid", secret.path("metadata").path("uid").asText(""));
        String name = secret.path("metadata").path("name").asText();
        api.send(HttpRequest.raw("DELETE", BootstrapSigner.SECRETS + "/" + name, Json.write(options).getBytes(StandardCharsets.UTF_8),
                "application/json"), result -> {
            if (!result.isSuccess() && result.apiError().map(e -> e.code() != 404).orElse(true)) {
                context.log().error("tokencleaner.go", "error deleting Secret: " + result.goError());
                queue.addRateLimited(key);
            } else {
                queue.forget(key);
                context.tracer().emit("controller.tokencleaner", "secret", key, "decision", "deleted",
                        "reason", "expired at " + token.expiration());
            }
            queue.done(key);
        });
    }
}
