package io.bootsim.controller.clientbuilder;

import com.fasterxml.jackson.databind.JsonNode;
import io.bootsim.core.client.ApiTransport;
import io.bootsim.core.http.HttpRequest;
import io.bootsim.core.runtime.ComponentContext;
import io.bootsim.core.version.KubeVersion;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * --use-service-account-credentials: each controller acts as the service account of its client
 * name in kube-system, with the token mechanism of the emulated release. Up to 1.14 tokens come
 * from Secrets the token controller writes ({@link SecretTokenSource}); from 1.15 from the
 * TokenRequest API ({@link TokenRequestSource}) when the apiserver's discovery lists
 * serviceaccounts/token, else from Secrets; from ≈1.22 always from TokenRequest.
 */
// upstream: cmd/kube-controller-manager/app/controllermanager.go createClientBuilders, shouldTurnOnDynamicClient
// (kubernetes#72179, in 1.15)
public final class ServiceAccountCredentials implements ControllerClientBuilder {

    public static final String NAMESPACE = "kube-system";

    private enum Builder { LEGACY, DYNAMIC }

    private final ApiTransport root;
    private final TokenClients clients;
    private final KubeVersion version;
    private final ComponentContext context;
    private final Consumer<String> fatal;
    private final Map<String, ApiTransport> transports = new HashMap<>();
    private final List<Consumer<Builder>> undecided = new ArrayList<>();
    private Builder builder;
    private boolean discovering;

    /**
     * @param root  the --kubeconfig connection: discovery, accounts, tokens
     * @param fatal logs a klog.Fatal line and ends the process
     */
    public ServiceAccountCredentials(ApiTransport root, TokenClients clients, KubeVersion version, ComponentContext context,
                                     Consumer<String> fatal) {
        this.root = root;
        this.clients = clients;
        this.version = version;
        this.context = context;
        this.fatal = fatal;
        if (!version.atLeast(1, 15)) {
            builder = Builder.LEGACY;
        } else if (version.atLeast(1, 22)) {
            builder = Builder.DYNAMIC;
        }
    }

    @Override
    public ApiTransport client(String name) {
        return transports.computeIfAbsent(name, n -> new ServiceAccountTransport(n,
                ready -> decide(b -> source(b, n).fetch(ready)), clients, context.clock()));
    }

    private ServiceAccountTransport.TokenSource source(Builder b, String name) {
        return b == Builder.DYNAMIC ? new TokenRequestSource(root, NAMESPACE, name, context)
                : new SecretTokenSource(root, clients, NAMESPACE, name, context, fatal);
    }

    private void decide(Consumer<Builder> then) {
        if (builder != null) {
            then.accept(builder);
            return;
        }
        undecided.add(then);
        if (discovering) {
            return;
        }
        discovering = true;
        root.send(HttpRequest.get("/api/v1"), result -> {
            if (!result.isSuccess()) {
                context.log().warning("controllermanager.go", "fetch api resource lists failed, use legacy client builder: "
                        + result.goError());
                builder = Builder.LEGACY;
            } else {
                builder = servesTokenRequest(result.json().path("resources")) ? Builder.DYNAMIC : Builder.LEGACY;
            }
            context.log().infoV(1, "controllermanager.go", builder == Builder.DYNAMIC ? "using dynamic client builder"
                    : "using legacy client builder");
            List<Consumer<Builder>> waiting = new ArrayList<>(undecided);
            undecided.clear();
            waiting.forEach(w -> w.accept(builder));
        });
    }

    private static boolean servesTokenRequest(JsonNode resources) {
        for (JsonNode r : resources) {
            if (r.path("name").asText().equals("serviceaccounts/token")
                    && r.path("group").asText().equals("authentication.k8s.io")) {
                for (JsonNode verb : r.path("verbs")) {
                    if (verb.asText().equals("create")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
