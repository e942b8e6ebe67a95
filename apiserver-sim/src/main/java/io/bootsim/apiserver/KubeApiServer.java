package io.bootsim.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.admission.Admission;
import io.bootsim.apiserver.admission.AdmissionCheck;
import io.bootsim.apiserver.authentication.AuthenticationOptions;
import io.bootsim.apiserver.authentication.BootstrapTokenAuthenticator;
import io.bootsim.apiserver.authentication.BoundServiceAccountValidator;
import io.bootsim.apiserver.authentication.LegacyServiceAccountValidator;
import io.bootsim.apiserver.authentication.RequestAuthentication;
import io.bootsim.apiserver.authentication.ServiceAccountOptions;
import io.bootsim.apiserver.authentication.ServiceAccountTokenAuthenticator;
import io.bootsim.apiserver.authentication.ServiceAccountTokenGetter;
import io.bootsim.apiserver.authentication.X509Authenticator;
import io.bootsim.apiserver.authorization.AuthorizerConfig;
import io.bootsim.apiserver.authorization.Union;
import io.bootsim.apiserver.authorization.rbac.EscalationCheck;
import io.bootsim.apiserver.authorization.rbac.RbacIndex;
import io.bootsim.apiserver.authorization.rbac.RuleResolver;
import io.bootsim.apiserver.bootstrappolicy.BootstrapPolicy;
import io.bootsim.apiserver.endpoints.ApiRequest;
import io.bootsim.apiserver.endpoints.CreateOnlyResource;
import io.bootsim.apiserver.endpoints.NodeProxy;
import io.bootsim.apiserver.endpoints.NonResourceEndpoints;
import io.bootsim.apiserver.endpoints.ResourceEndpoints;
import io.bootsim.apiserver.endpoints.WriteCheck;
import io.bootsim.apiserver.endpoints.discovery.Discovery;
import io.bootsim.apiserver.endpoints.openapi.OpenApi;
import io.bootsim.apiserver.printers.TableConvertor;
import io.bootsim.apiserver.registry.RestStrategy;
import io.bootsim.apiserver.registry.ServedResources;
import io.bootsim.apiserver.registry.certificates.CertificateSigningRequestRest;
import io.bootsim.apiserver.registry.core.NamespaceRest;
import io.bootsim.apiserver.registry.core.SecretRest;
import io.bootsim.apiserver.registry.core.TokenRequestRest;
import io.bootsim.apiserver.registry.rbac.RbacEscalationPrevention;
import io.bootsim.apiserver.registry.rbac.RbacIndexFeed;
import io.bootsim.apiserver.registry.rbac.RbacRest;
import io.bootsim.apiserver.reviews.LocalSubjectAccessReview;
import io.bootsim.apiserver.reviews.SelfSubjectAccessReview;
import io.bootsim.apiserver.reviews.SelfSubjectReview;
import io.bootsim.apiserver.reviews.SelfSubjectRulesReview;
import io.bootsim.apiserver.reviews.SubjectAccessReview;
import io.bootsim.apiserver.reviews.TokenReview;
import io.bootsim.apiserver.reviews.UnionRuleResolver;
import io.bootsim.apiserver.server.RequestPipeline;
import io.bootsim.apiserver.server.SecureServing;
import io.bootsim.apiserver.storage.ListOptions;
import io.bootsim.apiserver.storage.MemoryStore;
import io.bootsim.apiserver.storage.ResourceType;
import io.bootsim.apiserver.storage.Store;
import io.bootsim.apiserver.storage.StoredResources;
import io.bootsim.core.api.Json;
import io.bootsim.core.api.StatusException;
import io.bootsim.core.http.ClientNetwork;
import io.bootsim.core.http.GoErrorTexts;
import io.bootsim.core.http.TlsProvider;
import io.bootsim.core.runtime.ComponentContext;
import io.bootsim.core.serviceaccount.TokenSigner;
import io.bootsim.core.version.KubeVersion;
import io.netty.channel.nio.NioEventLoopGroup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simulated kube-apiserver: storage seeded with the default namespaces and the bootstrap RBAC
 * policy of the emulated release, the authentication and authorization chains its flags describe,
 * and the secure port serving the API through {@link RequestPipeline}.
 */
public final class KubeApiServer implements AutoCloseable {

    private final KubeApiServerConfig config;
    private final MemoryStore store;
    private final SecureServing serving;
    private final Runnable closeNetwork;

    private KubeApiServer(KubeApiServerConfig config, MemoryStore store, SecureServing serving, Runnable closeNetwork) {
        this.config = config;
        this.store = store;
        this.serving = serving;
        this.closeNetwork = closeNetwork;
    }

    /** Builds the server on a new, empty store and starts serving; fails with the real binary's words where it would. */
    public static KubeApiServer start(KubeApiServerConfig config, ComponentContext context) throws StartupException {
        return start(config, context, newStore(config, context));
    }

    /** An empty store (the cluster's etcd) for {@code config}'s version; it may outlive the servers started on it. */
    public static MemoryStore newStore(KubeApiServerConfig config, ComponentContext context) {
        return new MemoryStore(context.clock(), context.random(), config.version());
    }

    /**
     * Builds the server on {@code store} and starts serving. A store that a previous server used
     * keeps its objects, as etcd does across apiserver restarts; the default namespaces and the
     * bootstrap policy are created where missing, as upstream reconciles them at every start.
     */
    public static KubeApiServer start(KubeApiServerConfig config, ComponentContext context, MemoryStore store)
            throws StartupException {
        return start(config, context, store, TlsProvider.JDK);
    }

    /**
     * As {@link #start(KubeApiServerConfig, ComponentContext, MemoryStore)}, serving and dialling
     * kubelets with {@code tls}'s implementation (the bench's {@code --tls openssl}: netty-tcnative's engines behind Jetty).
     */
    public static KubeApiServer start(KubeApiServerConfig config, ComponentContext context, MemoryStore store,
                                      TlsProvider tls) throws StartupException {
        // a process of its own dials kubelets at the addresses their Nodes advertise, as the real one does
        NioEventLoopGroup group = new NioEventLoopGroup(1);
        try {
            return start(config, context, store, new ClientNetwork(group, tls), group::shutdownGracefully);
        } catch (StartupException | RuntimeException e) {
            group.shutdownGracefully();
            throw e;
        }
    }

    /**
     * As {@link #start(KubeApiServerConfig, ComponentContext, MemoryStore)}, dialling kubelets (nodes/proxy)
     * through {@code kubelets}: in one JVM, a network whose routes take a Node's advertised address and
     * port to the kubelet's loopback socket. The caller owns that network; its TLS implementation is
     * the secure port's too (one choice per process).
     */
    public static KubeApiServer start(KubeApiServerConfig config, ComponentContext context, MemoryStore store,
                                      ClientNetwork kubelets) throws StartupException {
        return start(config, context, store, kubelets, () -> { });
    }

    private static KubeApiServer start(KubeApiServerConfig config, ComponentContext context, MemoryStore store,
                                       ClientNetwork kubelets, Runnable closeNetwork) throws StartupException {
        KubeVersion version = config.version();
        config.warnings().forEach(w -> context.log().warning("server.go:0", w));

        StoredResources stored = StoredResources.of(version);
        ServiceAccountOptions serviceAccounts = config.serviceAccounts();
        ServedResources served = ServedResources.at(version, serviceAccounts.tokenRequest());
        RbacIndex rbac = new RbacIndex();
        RbacIndexFeed feed = new RbacIndexFeed(rbac);
        seed(store, stored, feed, version);

        AuthorizerConfig.Built authorizer;
        try {
            authorizer = AuthorizerConfig.build(config.authorization(), rbac, version);
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage());
        }
        authorizer.warnings().forEach(w -> context.log().warning("authorization.go:0", w));

        ResourceType secrets = stored.get("", "secrets").orElseThrow();
        Optional<BootstrapTokenAuthenticator> bootstrapTokens = config.bootstrapTokenAuth()
                ? Optional.of(new BootstrapTokenAuthenticator(name -> find(store, secrets, BootstrapTokenAuthenticator.NAMESPACE, name),
                context.clock()))
                : Optional.empty();
        Optional<X509Authenticator> x509 = config.clientCAs().isEmpty() ? Optional.empty()
                : Optional.of(new X509Authenticator(config.clientCAs(), context.clock(), version));
        ResourceType serviceAccountType = stored.get("", "serviceaccounts").orElseThrow();
        ServiceAccountTokenGetter getter = new ServiceAccountTokenGetter() {
            @Override
            public Optional<ObjectNode> serviceAccount(String namespace, String name) {
                return find(store, serviceAccountType, namespace, name);
            }

            @Override
            public Optional<ObjectNode> secret(String namespace, String name) {
                return find(store, secrets, namespace, name);
            }
        };
        RequestAuthentication authentication = RequestAuthentication.build(new AuthenticationOptions(x509,
                config.tokenFile(), serviceAccountAuthenticators(serviceAccounts, getter, version, context), bootstrapTokens,
                config.anonymousAuth()), config.authorization().modes());
        authentication.startupWarnings().forEach(w -> context.log().warning("authentication.go:0", w));

        Map<String, RestStrategy> strategies = new HashMap<>(RbacRest.all(version));
        strategies.put("namespaces", NamespaceRest.INSTANCE);
        strategies.put("secrets", SecretRest.INSTANCE);
        strategies.put("certificates.k8s.io/certificatesigningrequests", new CertificateSigningRequestRest(version, context.clock()));
        Union union = authorizer.union();
        List<WriteCheck> writeChecks = List.of(
                new AdmissionCheck(new Admission(config.admissionPlugins(), union, version,
                        config.featureGates().getOrDefault("AllowInsecureKubeletCertificateSigningRequests", false)),
                        context.tracer()),
                new RbacEscalationPrevention(new EscalationCheck(union, new RuleResolver(rbac), version)));
        Map<String, CreateOnlyResource> createOnly = new HashMap<>(reviews(union, authentication, version, context));
        serviceAccounts.signingKey().filter(k -> serviceAccounts.tokenRequest()).ifPresent(key -> {
            TokenRequestRest tokens = new TokenRequestRest((ns, name) -> find(store, serviceAccountType, ns, name),
                    new TokenSigner(key, version), serviceAccounts.issuers().get(0), serviceAccounts.apiAudiences(),
                    context.clock(), context.random());
            createOnly.put("serviceaccounts/token", (r, body) -> tokens.create(r.info().namespace(), r.info().name(), body));
        });
        ResourceEndpoints resources = new ResourceEndpoints(version, served, stored, store, strategies,
                createOnly, writeChecks, feed,
                new TableConvertor(context.clock(), version),
                new NodeProxy(store, stored.get("", "nodes").orElseThrow(), config.kubeletClientCertificate(),
                        config.kubeletCertificateAuthority(), config.kubeletPreferredAddressTypes(), kubelets, context.clock(),
                        GoErrorTexts.forKube(version), config.kubeletTimeout(), context.tracer()),
                context.tracer());
        NonResourceEndpoints nonResource = new NonResourceEndpoints(version,
                new Discovery(served, config.bindAddress() + ":" + config.securePort()), new OpenApi(served));
        RequestPipeline pipeline = new RequestPipeline(version, context, authentication, authorizer.union(),
                nonResource, resources);
        SecureServing serving;
        try {
            serving = SecureServing.start(config.bindAddress(), config.securePort(), config.serving(),
                    config.clientCAs(), kubelets.tls(), config.http2MaxStreamsPerConnection(), pipeline);
        } catch (RuntimeException e) {
            throw new StartupException("failed to create listener: failed to listen on " + config.bindAddress() + ":"
                    + config.securePort() + ": " + rootCause(e).getMessage());
        }
        // upstream: k8s.io/apiserver pkg/server/secure_serving.go
        context.log().info("secure_serving.go:213", "Serving securely on " + config.bindAddress() + ":" + serving.port());
        return new KubeApiServer(config, store, serving, closeNetwork);
    }

    /**
     * The service-account token authenticators, with --service-account-key-file keys: Secret-based
     * tokens always, TokenRequest tokens of the configured issuers.
     */
    // upstream: pkg/kubeapiserver/authenticator/config.go (newLegacyServiceAccountAuthenticator, newServiceAccountAuthenticator)
    private static List<ServiceAccountTokenAuthenticator> serviceAccountAuthenticators(ServiceAccountOptions options,
            ServiceAccountTokenGetter getter, KubeVersion version, ComponentContext context) {
        if (options.verificationKeys().isEmpty()) {
            return List.of();
        }
        List<ServiceAccountTokenAuthenticator> authenticators = new ArrayList<>();
        authenticators.add(ServiceAccountTokenAuthenticator.legacy(options.verificationKeys(), options.apiAudiences(),
                new LegacyServiceAccountValidator(options.lookup(), getter), version));
        if (!options.issuers().isEmpty()) {
            authenticators.add(new ServiceAccountTokenAuthenticator("service-account", options.issuers(),
                    options.verificationKeys(), options.apiAudiences(),
                    new BoundServiceAccountValidator(getter, context.clock()), version));
        }
        return authenticators;
    }

    /** The review APIs: created, answered, never stored. */
    private static Map<String, CreateOnlyResource> reviews(Union union, RequestAuthentication authentication,
                                                           KubeVersion version, ComponentContext context) {
        SubjectAccessReview sar = new SubjectAccessReview(union, version);
        LocalSubjectAccessReview local = new LocalSubjectAccessReview(union, version);
        SelfSubjectAccessReview self = new SelfSubjectAccessReview(union, version);
        SelfSubjectRulesReview rules = new SelfSubjectRulesReview(new UnionRuleResolver(union));
        TokenReview tokens = new TokenReview(authentication, List.of(), version);
        SelfSubjectReview whoami = new SelfSubjectReview(context.clock());
        String authz = "authorization.k8s.io/";
        String authn = "authentication.k8s.io/";
        return Map.of(
                authz + "subjectaccessreviews", (r, body) -> sar.create(groupVersion(r), body),
                authz + "localsubjectaccessreviews", (r, body) -> local.create(groupVersion(r), r.info().namespace(), body),
                authz + "selfsubjectaccessreviews", (r, body) -> self.create(groupVersion(r), body, r.user()),
                authz + "selfsubjectrulesreviews", (r, body) -> rules.create(groupVersion(r), body, r.user()),
                authn + "tokenreviews", (r, body) -> tokens.create(groupVersion(r), body),
                authn + "selfsubjectreviews", (r, body) -> whoami.create(groupVersion(r), r.user()));
    }

    private static String groupVersion(ApiRequest request) {
        return request.info().apiGroup() + "/" + request.info().apiVersion();
    }

    /**
     * The namespaces and the RBAC bootstrap policy the real apiserver creates at start-up, where
     * missing (objects a previous start or a user made stay as they are); the RBAC index is fed
     * every role and binding the store holds.
     */
    // upstream: pkg/controlplane/controller/systemnamespaces, plugin/pkg/auth/authorizer/rbac/bootstrappolicy (EnsureRBACPolicy)
    private static void seed(MemoryStore store, StoredResources stored, RbacIndexFeed feed, KubeVersion version) {
        ResourceType namespaces = stored.get("", "namespaces").orElseThrow();
        List<String> names = new ArrayList<>(List.of("default", "kube-system", "kube-public"));
        if (version.atLeast(1, 14)) {
            names.add("kube-node-lease");
        }
        for (String name : names) {
            if (find(store, namespaces, "", name).isEmpty()) {
                ObjectNode ns = Json.object().put("apiVersion", "v1").put("kind", "Namespace");
                ns.putObject("metadata").put("name", name);
                NamespaceRest.prepare(ns);
                store.create(namespaces, "", ns);
            }
        }
        String rbac = "rbac.authorization.k8s.io";
        for (String resource : List.of("clusterroles", "clusterrolebindings", "roles", "rolebindings")) {
            ResourceType type = stored.get(rbac, resource).orElseThrow();
            store.list(type, "", ListOptions.EVERYTHING).items().forEach(o -> feed.written(type, o));
        }
        BootstrapPolicy.clusterRoles(version).forEach(r -> write(store, stored, feed, rbac, "clusterroles", "", r.toJson()));
        BootstrapPolicy.clusterRoleBindings(version).forEach(b ->
                write(store, stored, feed, rbac, "clusterrolebindings", "", b.toJson()));
        BootstrapPolicy.namespaceRoles(version).forEach(r -> write(store, stored, feed, rbac, "roles", r.namespace(), r.toJson()));
        BootstrapPolicy.namespaceRoleBindings(version).forEach(b ->
                write(store, stored, feed, rbac, "rolebindings", b.namespace(), b.toJson()));
    }

    /** Creates {@code object} unless one of its name exists. */
    private static void write(Store store, StoredResources stored, RbacIndexFeed feed, String group, String resource,
                              String namespace, ObjectNode object) {
        ResourceType type = stored.get(group, resource).orElseThrow();
        if (find(store, type, namespace, object.path("metadata").path("name").asText()).isEmpty()) {
            feed.written(type, store.create(type, namespace, object));
        }
    }

    private static Optional<ObjectNode> find(Store store, ResourceType type, String namespace, String name) {
        try {
            return Optional.of(store.get(type, namespace, name));
        } catch (StatusException e) {
            if (e.status().code() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    public int port() {
        return serving.port();
    }

    /** TLS connections the secure port accepted so far. */
    public long connectionsAccepted() {
        return serving.connectionsAccepted();
    }

    /** TLS connections of the secure port whose handshake completed so far. */
    public long connectionsHandshaken() {
        return serving.connectionsHandshaken();
    }

    public KubeApiServerConfig config() {
        return config;
    }

    /** The store, for the simulated scheduler's watch accounting and for assertions. */
    public Store store() {
        return store;
    }

    /** Stops serving. The store's open watches end with the process, as its watch cache does; its objects stay. */
    @Override
    public void close() {
        store.stopWatches();
        serving.close();
        closeNetwork.run();
    }
}
