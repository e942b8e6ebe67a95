package io.bootsim.controller.app;

import io.bootsim.controller.clientbuilder.TokenClients;
import io.bootsim.core.client.ApiTransport;
import io.bootsim.core.http.ClientIdentity;
import io.bootsim.core.http.ClientNetwork;
import io.bootsim.core.http.GoErrorTexts;
import io.bootsim.core.http.RestClient;
import io.bootsim.core.http.TokenBucketRateLimiter;
import io.bootsim.core.pki.Pem;
import io.bootsim.core.runtime.ComponentContext;
import io.bootsim.core.runtime.FileSystemRoot;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;

/**
 * The clients kube-controller-manager builds: one for its --kubeconfig identity, rate-limited by
 * --kube-api-qps/--kube-api-burst, and, for --use-service-account-credentials, a way to open one
 * per controller service account on the same server and CA, each with its own rate limit and
 * user agent (upstream's controller-manager clientbuilder). Every way of running the
 * controller-manager (the command, scenarios, serve, the bench) builds it here.
 */
public final class ControllerClients implements AutoCloseable {

    private static final String NAME = "kube-controller-manager";

    private final RestClient kubeconfig;
    /** The service accounts' clients not closed yet: a token's client closes when a new token replaces it. */
    private final Set<RestClient> tokenClients;
    private final KubeconfigCredentials credentials;

    private ControllerClients(RestClient kubeconfig, Set<RestClient> tokenClients, KubeconfigCredentials credentials) {
        this.kubeconfig = kubeconfig;
        this.tokenClients = tokenClients;
        this.credentials = credentials;
    }

    /** @param exit how the process ends when the legacy client builder gives up (exit 255) */
    public static ControllerClients connect(KubeControllerManagerOptions options, ComponentContext context,
                                            ClientIdentity identity, ClientNetwork network, IntConsumer exit) {
        RestClient.Options clientOptions = new RestClient.Options(NAME + "/" + options.version().gitVersion()
                + " (linux/amd64) kubernetes/bootsim", Duration.ZERO, GoErrorTexts.forKube(options.version()));
        RestClient client = new RestClient(NAME, identity, network, context.scheduler(),
                new TokenBucketRateLimiter(options.qps(), options.burst(), context.clock()), clientOptions, context.tracer());
        Set<RestClient> open = ConcurrentHashMap.newKeySet();
        TokenClients tokenClients = (clientName, controllerName, token) -> {
            RestClient tokenClient = new RestClient(clientName, identity.anonymous().withBearerToken(token), network,
                    context.scheduler(), new TokenBucketRateLimiter(options.qps(), options.burst(), context.clock()),
                    clientOptions.withUserAgent(clientOptions.userAgent() + "/" + controllerName), context.tracer());
            open.add(tokenClient);
            return ApiTransport.of(tokenClient, () -> open.remove(tokenClient));
        };
        return new ControllerClients(client, open, new KubeconfigCredentials(tokenClients,
                Pem.encodeCertificates(identity.trustedCas()).getBytes(StandardCharsets.UTF_8), exit));
    }

    /** The controller-manager on these clients, reading its files under {@code root}. */
    public KubeControllerManager manager(KubeControllerManagerOptions options, ComponentContext context, FileSystemRoot root) {
        return new KubeControllerManager(options, context, ApiTransport.of(kubeconfig), root, Optional.of(credentials));
    }

    @Override
    public void close() {
        kubeconfig.close();
        tokenClients.forEach(RestClient::close);
        tokenClients.clear();
    }
}
