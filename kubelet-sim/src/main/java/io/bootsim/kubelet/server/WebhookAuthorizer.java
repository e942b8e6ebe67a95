package io.bootsim.kubelet.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;
import io.bootsim.core.http.HttpRequest;
import io.bootsim.core.http.RestClient;
import io.bootsim.core.time.Clock;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * authorization.mode Webhook: the kubelet asks kube-apiserver with a SubjectAccessReview per
 * subresource, in order, until one is allowed. Answers are cached on the kubelet's clock, allowed
 * ones for 5 minutes and denied ones for 30 seconds (KubeletConfiguration's cacheAuthorizedTTL and
 * cacheUnauthorizedTTL defaults): a binding created to fix a denial takes effect at the kubelet up to
 * 30 seconds later.
 */
// upstream: staging/src/k8s.io/apiserver/plugin/pkg/authorizer/webhook/webhook.go, cmd/kubelet/app/auth.go BuildAuthz,
// pkg/kubelet/apis/config/v1beta1/defaults.go
final class WebhookAuthorizer {

    static final Duration AUTHORIZED_TTL = Duration.ofMinutes(5);
    static final Duration UNAUTHORIZED_TTL = Duration.ofSeconds(30);

    /** The decision for the request: allowed, the subresource that decided, the reviewer's reason, or the error. */
    record Decision(boolean allowed, String subresource, String reason, String error) {
    }

    private record Cached(boolean allowed, String reason, Instant until) {
    }

    private final Clock clock;
    private final Supplier<RestClient> api;
    private final Map<String, Cached> cache = new HashMap<>(); // guarded by itself: network threads

    WebhookAuthorizer(Clock clock, Supplier<RestClient> api) {
        this.clock = clock;
        this.api = api;
    }

    void authorize(NodeRequestAttributes attributes, Consumer<Decision> then) {
        authorize(attributes, 0, then);
    }

    private void authorize(NodeRequestAttributes attributes, int index, Consumer<Decision> then) {
        String subresource = attributes.subresources().get(index);
        review(attributes, subresource, (allowed, reason, error) -> {
            if (error != null || allowed || index + 1 == attributes.subresources().size()) {
                then.accept(new Decision(allowed, subresource, reason, error));
            } else {
                authorize(attributes, index + 1, then);
            }
        });
    }

    private interface Reviewed {
        void accept(boolean allowed, String reason, String error);
    }

    private void review(NodeRequestAttributes attributes, String subresource, Reviewed then) {
        ObjectNode sar = Json.object();
        sar.put("apiVersion", "authorization.k8s.io/v1").put("kind", "SubjectAccessReview");
        ObjectNode spec = sar.putObject("spec");
        spec.putObject("resourceAttributes").put("verb", attributes.verb()).put("version", "v1")
                .put("resource", "nodes").put("subresource", subresource).put("name", attributes.node());
        spec.put("user", attributes.user().name());
        ArrayNode groups = spec.putArray("groups");
        attributes.user().groups().forEach(groups::add);
        if (!attributes.user().uid().isEmpty()) {
            spec.put("uid", attributes.user().uid());
        }
        String key = Json.write(spec);
        synchronized (cache) {
            Cached hit = cache.get(key);
            if (hit != null && clock.now().isBefore(hit.until())) {
                then.accept(hit.allowed(), hit.reason(), null);
                return;
            }
        }
        RestClient client = api.get();
        if (client == null) {
            then.accept(false, "", "the kubelet has no API client yet");
            return;
        }
        client.send(HttpRequest.post("/apis/authorization.k8s.io/v1/subjectaccessreviews", sar), r -> {
            if (!r.isSuccess()) {
                then.accept(false, "", r.goError());
                return;
            }
            JsonNode status = r.json().path("status");
            boolean allowed = status.path("allowed").asBoolean(false);
            String reason = status.path("reason").asText("");
            synchronized (cache) {
                cache.put(key, new Cached(allowed, reason, clock.now().plus(allowed ? AUTHORIZED_TTL : UNAUTHORIZED_TTL)));
            }
            then.accept(allowed, reason, null);
        });
    }
}
