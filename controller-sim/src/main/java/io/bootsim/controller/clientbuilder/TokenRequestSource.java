package io.bootsim.controller.clientbuilder;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;
import io.bootsim.core.client.ApiTransport;
import io.bootsim.core.http.HttpRequest;
import io.bootsim.core.runtime.ComponentContext;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Tokens from the TokenRequest API (the dynamic client builder): get or create the account, then
 * ask {@code serviceaccounts/NAME/token} for an hour's token, as the --kubeconfig identity. Each
 * attempt that fails is logged and retried after 0.5 s, 1 s, 2 s; after four the fetch fails with
 * upstream's error and starts over. A token is used until 80% of its lifetime (at least ten minutes
 * counted) has passed.
 */
// upstream: staging/src/k8s.io/controller-manager/pkg/clientbuilder/client_builder_dynamic.go tokenSourceImpl
final class TokenRequestSource implements ServiceAccountTransport.TokenSource {

    static final long EXPIRATION_SECONDS = 3600;
    private static final int LEEWAY_PERCENT = 20;
    private static final Duration MIN_LIFETIME = Duration.ofMinutes(10);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final int STEPS = 4;

    private final ApiTransport root;
    private final String namespace;
    private final String name;
    private final ComponentContext context;

    TokenRequestSource(ApiTransport root, String namespace, String name, ComponentContext context) {
        this.root = root;
        this.namespace = namespace;
        this.name = name;
        this.context = context;
    }

    @Override
    public void fetch(Consumer<ServiceAccountTransport.Token> ready) {
        attempt(1, FIRST_BACKOFF, ready);
    }

    private void attempt(int step, Duration backoff, Consumer<ServiceAccountTransport.Token> ready) {
        Runnable retry = () -> {
            if (step < STEPS) {
                context.scheduler().schedule(backoff, () -> attempt(step + 1, backoff.multipliedBy(2), ready));
                return;
            }
            context.log().error("client_builder_dynamic.go", "failed to get token for " + namespace + "/" + name
                    + ": timed out waiting for the condition");
            context.tracer().emit("controller.clientbuilder", "serviceAccount", namespace + "/" + name,
                    "decision", "no token", "reason", "TokenRequest failed " + STEPS + " times");
            attempt(1, FIRST_BACKOFF, ready);
        };
        GetOrCreateServiceAccount.run(root, namespace, name, account -> {
            if (!account.ok()) {
                context.log().warning("client_builder_dynamic.go", "get or create service account failed: " + account.error());
                retry.run();
                return;
            }
            ObjectNode request = Json.object().put("apiVersion", "authentication.k8s.io/v1").put("kind", "TokenRequest");
            request.putObject("spec").put("expirationSeconds", EXPIRATION_SECONDS);
            root.send(HttpRequest.post("/api/v1/namespaces/" + namespace + "/serviceaccounts/" + name + "/token", request),
                    result -> {
                        if (!result.isSuccess()) {
                            context.log().warning("client_builder_dynamic.go", "get token failed: " + result.goError());
                            retry.run();
                            return;
                        }
                        ObjectNode status = (ObjectNode) result.json().path("status");
                        Instant now = context.clock().now();
                        Duration lifetime = Duration.between(now, Instant.parse(status.path("expirationTimestamp").asText()));
                        if (lifetime.compareTo(MIN_LIFETIME) < 0) {
                            lifetime = MIN_LIFETIME; // possible clock skew: pin to the shortest lifetime a token may have
                        }
                        Instant refreshAt = now.plus(lifetime).minus(lifetime.multipliedBy(LEEWAY_PERCENT).dividedBy(100));
                        context.tracer().emit("controller.clientbuilder", "serviceAccount", namespace + "/" + name,
                                "decision", "token", "reason", "TokenRequest, refresh at " + refreshAt);
                        ready.accept(new ServiceAccountTransport.Token(status.path("token").asText(), Optional.of(refreshAt)));
                    });
        });
    }
}
