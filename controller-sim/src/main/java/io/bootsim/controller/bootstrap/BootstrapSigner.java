package io.bootsim.controller.bootstrap;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.client.ApiTransport;
import io.bootsim.core.client.Informer;
import io.bootsim.core.client.ResourceEventHandler;
import io.bootsim.core.client.workqueue.RateLimiter;
import io.bootsim.core.client.workqueue.WorkQueue;
import io.bootsim.core.jose.Jws;
import io.bootsim.core.http.HttpRequest;
import io.bootsim.core.runtime.ComponentContext;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * bootstrapsigner: keeps one {@code jws-kubeconfig-<token id>} key in kube-public/cluster-info per
 * valid signing bootstrap token, each a detached JWS over the {@code kubeconfig} value, and removes
 * the signatures of tokens that are gone. Any change to the ConfigMap or to a token Secret queues
 * one re-sign.
 */
// upstream: pkg/controller/bootstrap/bootstrapsigner.go
public final class BootstrapSigner {

    public static final String CONFIG_MAPS = "/api/v1/namespaces/kube-public/configmaps";
    public static final String SECRETS = "/api/v1/namespaces/kube-system/secrets";
    static final String CLUSTER_INFO = "cluster-info";
    static final String JWS_PREFIX = "jws-kubeconfig-";
    private static final String KEY = "kube-public/cluster-info";

    private final ApiTransport api;
    private final Informer configMaps;
    private final Informer secrets;
    private final ComponentContext context;
    private final WorkQueue queue;

    public BootstrapSigner(ApiTransport api, Informer configMaps, Informer secrets, ComponentContext context) {
        this.api = api;
        this.configMaps = configMaps;
        this.secrets = secrets;
        this.context = context;
        this.queue = new WorkQueue(context.scheduler(), RateLimiter.defaultControllerRateLimiter(context.clock()), 1);
    }

    public void start() {
        configMaps.addEventHandler(ResourceEventHandler.onAnyChange(cm -> {
            if (CLUSTER_INFO.equals(cm.path("metadata").path("name").asText())) {
                queue.add(KEY);
            }
        }));
        secrets.addEventHandler(ResourceEventHandler.onAnyChange(s -> {
            if (BootstrapToken.isTokenSecret(s)) {
                queue.add(KEY);
            }
        }));
        queue.run(key -> signConfigMap(() -> queue.done(key)));
    }

    public void stop() {
        queue.shutDown();
    }

    private void signConfigMap(Runnable done) {
        var found = configMaps.store().get(KEY);
        if (found.isEmpty()) {
            done.run();
            return;
        }
        ObjectNode cm = found.get().deepCopy();
        ObjectNode data = cm.with("data");
        if (!data.has("kubeconfig")) {
            context.log().infoV(3, "bootstrapsigner.go", "No kubeconfig key in kube-public/cluster-info ConfigMap");
            done.run();
            return;
        }
        String content = data.path("kubeconfig").asText();
        Map<String, String> old = new TreeMap<>();
        for (Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it = data.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().startsWith(JWS_PREFIX)) {
                old.put(e.getKey(), e.getValue().asText());
                it.remove();
            }
        }
        Map<String, String> signatures = new TreeMap<>();
        for (ObjectNode secret : secrets.store().list()) {
            if (!BootstrapToken.isTokenSecret(secret)) {
                continue;
            }
            BootstrapToken.from(secret).forSigning(context.clock().now(), context.log()).ifPresent(token ->
                    signatures.put(JWS_PREFIX + token.id(), Jws.detachedHs256(content, token.id(), token.secret())));
        }
        if (signatures.equals(old)) {
            done.run();
            return;
        }
        signatures.forEach(data::put);
        api.send(HttpRequest.put(CONFIG_MAPS + "/" + CLUSTER_INFO, cm), result -> {
            if (!result.isSuccess()) {
                context.log().error("bootstrapsigner.go", "error updating ConfigMap kube-public/cluster-info: " + result.goError());
                queue.addRateLimited(KEY);
            } else {
                queue.forget(KEY);
                context.tracer().emit("controller.bootstrapsigner", "configMap", KEY, "decision", "signed",
                        "reason", "signatures for tokens " + signatures.keySet().stream().map(k -> k.substring(JWS_PREFIX.length())).toList());
            }
            done.run();
        });
    }
}
