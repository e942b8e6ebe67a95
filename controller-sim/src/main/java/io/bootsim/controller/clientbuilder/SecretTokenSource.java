package io.bootsim.controller.clientbuilder;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;
import io.bootsim.core.client.ApiTransport;
import io.bootsim.core.client.Informer;
import io.bootsim.core.client.ListWatch;
import io.bootsim.core.client.ResourceEventHandler;
import io.bootsim.core.http.HttpRequest;
import io.bootsim.core.runtime.ComponentContext;
import io.bootsim.core.serviceaccount.ServiceAccountUser;
import io.bootsim.core.time.Scheduler;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Tokens from Secrets (the legacy client builder): get or create the account, then watch the
 * kube-system service-account-token Secrets until one names the account (name and UID) and holds
 * a token that a TokenReview, or failing that a request to /apis, accepts as that account. A Secret
 * whose token does not authenticate is deleted so that the token controller makes a new one. No
 * usable token within 30 seconds is fatal: the controller manager exits, as ClientOrDie does.
 */
// upstream: pkg/controller/client_builder.go SAControllerClientBuilder (1.9-1.21)
final class SecretTokenSource implements ServiceAccountTransport.TokenSource {

    static final String TOKEN_TYPE = "kubernetes.io/service-account-token";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ApiTransport root;
    private final TokenClients clients;
    private final String namespace;
    private final String name;
    private final ComponentContext context;
    private final Consumer<String> fatal;

    /** @param fatal logs the fatal line and ends the process */
    SecretTokenSource(ApiTransport root, TokenClients clients, String namespace, String name, ComponentContext context,
                      Consumer<String> fatal) {
        this.root = root;
        this.clients = clients;
        this.namespace = namespace;
        this.name = name;
        this.context = context;
        this.fatal = fatal;
    }

    @Override
    public void fetch(Consumer<ServiceAccountTransport.Token> ready) {
        GetOrCreateServiceAccount.run(root, namespace, name, account -> {
            if (!account.ok()) {
                fatal.accept(account.error());
                return;
            }
            new Wait(account.account(), ready).start();
        });
    }

    /** One ListWatchUntil over the token Secrets, for one account. */
    private final class Wait implements ResourceEventHandler {
        private final ObjectNode account;
        private final Consumer<ServiceAccountTransport.Token> ready;
        private final Informer secrets;
        private Scheduler.Timer timeout;
        private boolean done;

        Wait(ObjectNode account, Consumer<ServiceAccountTransport.Token> ready) {
            this.account = account;
            this.ready = ready;
            this.secrets = new Informer("k8s.io/client-go/tools/cache/listwatch.go",
                    ListWatch.of(root, "/api/v1/namespaces/" + namespace + "/secrets", "*v1.Secret")
                            .withFieldSelector("type=" + TOKEN_TYPE),
                    context.scheduler(), context.log(), context.random().stream("reflector"));
        }

        void start() {
            secrets.addEventHandler(this);
            timeout = context.scheduler().schedule(TIMEOUT, () -> {
                finish();
                fatal.accept("unable to get token for service account: timed out waiting for the condition");
            });
            secrets.start();
        }

        @Override
        public void onAdd(ObjectNode secret) {
            consider(secret);
        }

        @Override
        public void onUpdate(ObjectNode oldSecret, ObjectNode secret) {
            consider(secret);
        }

        private void consider(ObjectNode secret) {
            if (done || !isTokenOf(secret)) {
                return;
            }
            String token = decoded(secret.path("data").path("token").asText(""));
            if (token.isEmpty()) {
                return;
            }
            String expected = new ServiceAccountUser(namespace, name).username();
            String secretName = secret.path("metadata").path("name").asText();
            ObjectNode review = Json.object().put("apiVersion", "authentication.k8s.io/v1").put("kind", "TokenReview");
            review.putObject("spec").put("token", token);
            root.send(HttpRequest.post("/apis/authentication.k8s.io/v1/tokenreviews", review), result -> {
                if (result.isSuccess()) {
                    var status = result.json().path("status");
                    String user = status.path("user").path("username").asText("");
                    if (!status.path("authenticated").asBoolean(false)) {
                        context.log().warning("client_builder.go", "Token for " + namespace + "/" + name
                                + " did not authenticate correctly");
                        invalid(secretName);
                    } else if (!user.equals(expected)) {
                        context.log().warning("client_builder.go", "Token for " + namespace + "/" + name
                                + " authenticated as unexpected username: " + user);
                        invalid(secretName);
                    } else {
                        context.log().infoV(4, "client_builder.go", "Verified credential for " + namespace + "/" + name);
                        accept(token);
                    }
                    return;
                }
                // no TokenReview (not allowed, or not served): a 401 on /apis with the token tells as much
                clients.connect("kube-controller-manager:" + name + "#check", name, token)
                        .send(HttpRequest.get("/apis"), check -> {
                            if (check.statusCode() == 401) {
                                context.log().warning("client_builder.go", "Token for " + namespace + "/" + name
                                        + " did not authenticate correctly: " + check.goError());
                                invalid(secretName);
                            } else {
                                accept(token);
                            }
                        });
            });
        }

        private boolean isTokenOf(ObjectNode secret) {
            var annotations = secret.path("metadata").path("annotations");
            String uid = annotations.path("kubernetes.io/service-account.uid").asText("");
            return TOKEN_TYPE.equals(secret.path("type").asText())
                    && name.equals(annotations.path("kubernetes.io/service-account.name").asText(""))
                    && (uid.isEmpty() || uid.equals(account.path("metadata").path("uid").asText("")));
        }

        private void invalid(String secretName) {
            context.log().warning("client_builder.go", "secret " + secretName + " contained an invalid API token for "
                    + name + "/" + namespace);
            root.send(HttpRequest.delete("/api/v1/namespaces/" + namespace + "/secrets/" + secretName), deleted -> {
                if (!deleted.isSuccess() && deleted.statusCode() != 404) {
                    context.log().warning("client_builder.go", "error deleting secret " + secretName
                            + " containing invalid API token for " + name + "/" + namespace + ": " + deleted.goError());
                }
            });
        }

        private void accept(String token) {
            if (done) {
                return;
            }
            finish();
            context.tracer().emit("controller.clientbuilder", "serviceAccount", namespace + "/" + name,
                    "decision", "token", "reason", "token Secret verified by TokenReview");
            ready.accept(new ServiceAccountTransport.Token(token, Optional.empty()));
        }

        private void finish() {
            done = true;
            timeout.cancel();
            secrets.stop();
        }
    }

    private static String decoded(String base64) {
        try {
            return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
