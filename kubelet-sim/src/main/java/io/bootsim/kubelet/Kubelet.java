package io.bootsim.kubelet;

import io.bootsim.core.http.ClientIdentity;
import io.bootsim.core.http.ClientNetwork;
import io.bootsim.core.http.Dials;
import io.bootsim.core.http.GoErrorTexts;
import io.bootsim.core.http.RestClient;
import io.bootsim.core.http.TokenBucketRateLimiter;
import io.bootsim.core.kubeconfig.AuthInfo;
import io.bootsim.core.kubeconfig.Cluster;
import io.bootsim.core.kubeconfig.Context;
import io.bootsim.core.kubeconfig.DirectClientConfig;
import io.bootsim.core.kubeconfig.Kubeconfig;
import io.bootsim.core.kubeconfig.KubeconfigException;
import io.bootsim.core.kubeconfig.KubeconfigLoader;
import io.bootsim.core.kubeconfig.KubeconfigWriter;
import io.bootsim.core.kubeconfig.KubeletKubeconfig;
import io.bootsim.core.kubeconfig.RestConfig;
import io.bootsim.core.pki.CertificateAndKey;
import io.bootsim.core.pki.CertificateRequest;
import io.bootsim.core.pki.CertificateSpec;
import io.bootsim.core.pki.Certificates;
import io.bootsim.core.pki.KeyType;
import io.bootsim.core.pki.Keys;
import io.bootsim.core.pki.Pem;
import io.bootsim.core.pki.PemException;
import io.bootsim.core.pki.Subject;
import io.bootsim.core.runtime.ComponentContext;
import io.bootsim.core.runtime.PrivateFile;
import io.bootsim.core.time.Periodic;
import io.bootsim.core.time.Scheduler;
import io.bootsim.kubelet.bootstrap.BootstrapDecision;
import io.bootsim.kubelet.bootstrap.CsrName;
import io.bootsim.kubelet.certificate.CertificateManager;
import io.bootsim.kubelet.certificate.CertificateStore;
import io.bootsim.kubelet.certificate.CertificateTemplate;
import io.bootsim.kubelet.certificate.CsrRequest;
import io.bootsim.kubelet.certificate.KubeletCsr;
import io.bootsim.kubelet.nodelease.NodeLease;
import io.bootsim.kubelet.nodestatus.NodeStatus;
import io.bootsim.kubelet.server.KubeletServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.IntConsumer;

/**
 * One kubelet, as far as its identity goes: the bootstrap decision, the client certificate (by
 * the certificate manager in the background, or by the blocking bootstrap of rotation-off and old
 * releases), the kubeconfig and cert-dir files, Node registration, status and Lease heartbeats,
 * the serving certificate (CSR, static files or self-signed) and the HTTPS API. Everything runs
 * on the context's Scheduler; {@link #start()} returns at once and progress shows in
 * {@link #phase()}, the trace and the log.
 */
// upstream: cmd/kubelet/app/server.go run, buildKubeletClientConfig; pkg/kubelet/certificate/transport.go
public final class Kubelet {

    static final Duration TRANSPORT_CHECK = Duration.ofSeconds(10);
    static final Duration EXIT_AFTER = Duration.ofMinutes(5);
    static final Duration BOOTSTRAP_WAIT = Duration.ofSeconds(3600);
    private static final String TMP_KEY = "kubelet-client.key.tmp";

    private final KubeletOptions options;
    private final KubeletRelease release;
    private final ComponentContext ctx;
    private final ClientNetwork network;
    private final NodeRoot root;
    private final IntConsumer onExit;
    private final boolean routed;
    private final Path certDir;
    private final Path kubeconfigPath;

    private KubeletPhase phase = KubeletPhase.STARTING;
    private Integer exitCode;
    private RestConfig apiConfig;
    private CertificateAndKey clientPair;
    private volatile RestClient nodeClient; // read by the API server's network threads
    private long clientGeneration;
    private CertificateManager clientManager;
    private CertificateManager servingManager;
    private CertificateAndKey staticServing;
    private NodeStatus nodeStatus;
    private NodeLease lease;
    private KubeletServer server;
    private volatile int boundPort;
    private volatile int advertisedPort;
    private Instant lastCertAvailable;
    private Scheduler.Timer transportCheck;
    private Scheduler.Timer clientExpiry;
    private Scheduler.Timer servingExpiry;
    private final List<RestClient> bootstrapClients = new ArrayList<>();
    private Dials retiredDials = Dials.NONE; // of API clients since closed for new credentials

    /**
     * @param onExit called with the exit code when the kubelet exits by itself (as the real one
     *               calls os.Exit); the CLI exits the process, the scenario runner records it
     */
    public Kubelet(KubeletOptions options, ComponentContext ctx, ClientNetwork network, NodeRoot root,
                   IntConsumer onExit) {
        this(options, ctx, network, root, onExit, false);
    }

    /**
     * A kubelet on a host simulated in this JVM with others: its API listens on a free loopback port,
     * and the caller routes dials to {@link #advertisedEndpoints()} (the Node's addresses at --port) to
     * it, so the Node advertises --port as a real node does, the same on every run.
     */
    public static Kubelet routed(KubeletOptions options, ComponentContext ctx, ClientNetwork network, NodeRoot root,
                                 IntConsumer onExit) {
        return new Kubelet(options, ctx, network, root, onExit, true);
    }

    private Kubelet(KubeletOptions options, ComponentContext ctx, ClientNetwork network, NodeRoot root,
                    IntConsumer onExit, boolean routed) {
        this.options = options;
        this.release = options.release();
        this.ctx = ctx;
        this.network = network;
        this.root = root;
        this.onExit = onExit;
        this.routed = routed;
        this.certDir = root.state(options.certDir());
        this.kubeconfigPath = options.kubeconfig().isEmpty() ? null : root.state(options.kubeconfig());
    }

    public KubeletPhase phase() {
        return phase;
    }

    public Optional<Integer> exitCode() {
        return Optional.ofNullable(exitCode);
    }

    public String nodeName() {
        return options.nodeName();
    }

    /** The port the kubelet API listens on (0 before start). */
    public int port() {
        return boundPort;
    }

    /**
     * Where the Node says its kubelet API is: each of its addresses (InternalIPs, Hostname) at the
     * port of its kubeletEndpoint; empty before the server listens.
     */
    public List<InetSocketAddress> advertisedEndpoints() {
        int port = advertisedPort;
        if (port == 0) {
            return List.of();
        }
        List<InetSocketAddress> endpoints = new ArrayList<>();
        nodeIps().forEach(ip -> endpoints.add(InetSocketAddress.createUnresolved(ip, port)));
        endpoints.add(InetSocketAddress.createUnresolved(options.nodeName(), port));
        return endpoints;
    }

    public Optional<CertificateAndKey> clientCertificate() {
        return Optional.ofNullable(clientPair);
    }

    public Optional<CertificateAndKey> servingCertificate() {
        return staticServing != null ? Optional.of(staticServing)
                : servingManager == null ? Optional.empty() : servingManager.current();
    }

    /**
     * Connections the kubelet's API clients have dialled so far, each a full TLS handshake (its webhook client on
     * the kubelet API's behalf not included), and those abandoned to a failed dial or handshake timeout. With one
     * connection per identity on h2 the kept ones are one for the bootstrap credentials and one per client
     * certificate. Call on the kubelet's scheduler.
     */
    public Dials dials() {
        Dials dials = nodeClient == null ? retiredDials : retiredDials.plus(nodeClient.dials());
        for (RestClient client : bootstrapClients) {
            dials = dials.plus(client.dials());
        }
        return dials;
    }

    /** Starts the kubelet's work on its scheduler. */
    public void start() {
        ctx.scheduler().execute(this::run);
    }

    /** Stops timers, heartbeats and the server, as a kubelet being shut down. */
    public void stop() {
        ctx.scheduler().execute(() -> halt(null, "stopped"));
    }

    private void run() {
        ctx.log().info("server.go:416", "Version: " + release.version().gitVersion());
        try {
            startServer();
        } catch (Exception e) {
            fail("failed to run Kubelet: " + e.getMessage());
            return;
        }
        if (kubeconfigPath == null) {
            ctx.log().info("server.go:683", "Standalone mode, no API client");
            transition(KubeletPhase.STANDALONE, "no --kubeconfig");
            return;
        }
        Path bootstrap = options.bootstrapKubeconfig().isEmpty() ? null : root.input(options.bootstrapKubeconfig());
        boolean background = options.clientRotation() && release.bootstrapsInBackground();
        if (background) {
            ctx.log().info("server.go:1004", "Client rotation is on, will bootstrap in background");
        }
        List<String> handled = new ArrayList<>();
        BootstrapDecision decision = decide(bootstrap, handled);
        handled.forEach(m -> ctx.log().error("bootstrap.go:120", m));
        ctx.tracer().emit("kubelet.bootstrap.decision", "decision", decision.getClass().getSimpleName(),
                "kubeconfig", kubeconfigPath.toString(), "bootstrapKubeconfig", String.valueOf(bootstrap),
                "rotation", options.clientRotation(), "background", background);
        if (decision instanceof BootstrapDecision.Fail f) {
            fail("failed to run Kubelet: " + f.error());
            return;
        }
        if (background) {
            startBackground(decision);
        } else if (decision instanceof BootstrapDecision.Bootstrap b) {
            ctx.log().infoV(2, "bootstrap.go:56", b.reason());
            blockingBootstrap(b.bootstrap());
        } else {
            if (bootstrap != null) {
                ctx.log().infoV(2, "bootstrap.go:50", release.structuredBootstrapLogs()
                        ? "\"Kubeconfig exists and is valid, skipping bootstrap\" path=\"" + kubeconfigPath + "\""
                        : "Kubeconfig " + kubeconfigPath + " exists and is valid, skipping bootstrap");
            }
            useKubeconfig(((BootstrapDecision.UseKubeconfig) decision).config());
        }
    }

    private BootstrapDecision decide(Path bootstrap, List<String> handled) {
        return BootstrapDecision.decide(kubeconfigPath, bootstrap, release.expiredMessageNamesFile(),
                ctx.clock().now(), handled::add);
    }

    // ---- client certificate: background (certificate manager) -------------------------------------------------

    private void startBackground(BootstrapDecision decision) {
        RestConfig certConfig;
        Optional<CertificateAndKey> embedded = Optional.empty();
        Path configuredCert = null;
        Path configuredKey = null;
        if (decision instanceof BootstrapDecision.Bootstrap b) {
            certConfig = b.bootstrap();
            apiConfig = b.bootstrap();
            try {
                KubeconfigWriter.write(KubeletKubeconfig.fromBootstrap(b.bootstrap(), certDir), kubeconfigPath);
                ctx.tracer().emit("kubelet.file.written", "path", kubeconfigPath.toString(), "mode", "0600");
            } catch (IOException e) {
                fail("failed to run Kubelet: failed to write kubeconfig: " + e.getMessage());
                return;
            }
            ctx.log().infoV(2, "bootstrap.go:101",
                    "Use the bootstrap credentials to request a cert, and set kubeconfig to point to the certificate dir");
        } else {
            BootstrapDecision.UseKubeconfig use = (BootstrapDecision.UseKubeconfig) decision;
            ctx.log().infoV(2, "bootstrap.go:85", use.reason());
            certConfig = use.config();
            apiConfig = use.config();
            // kubeadm's first kubelet.conf embeds its pair: it is copied into the store; files it names are
            // where the store looks after the -current link (NewKubeletClientCertificateManager's certFile/keyFile)
            if (use.config().certFile().isEmpty() && use.config().hasClientCertificate()) {
                embedded = pairOf(use.config());
            } else if (!use.config().certFile().isEmpty()) {
                configuredCert = Path.of(use.config().certFile());
                configuredKey = Path.of(use.config().keyFile());
            }
        }
        RestConfig csrConfig = certConfig;
        transition(KubeletPhase.BOOTSTRAPPING, "waiting for a client certificate");
        clientManager = new CertificateManager(KubeletCsr.CLIENT_SIGNER, false,
                new CertificateStore(certDir, "kubelet-client", configuredCert, configuredKey),
                this::clientTemplate, release, ctx,
                current -> current != null ? clientFor(apiConfig, current, "rotation") : clientFor(csrConfig, null,
                        "bootstrap"),
                this::clientCertificateChanged);
        try {
            clientManager.load(embedded);
        } catch (CertificateStore.StoreException e) {
            fail("failed to run Kubelet: failed to initialize client certificate manager: " + e.getMessage());
            return;
        }
        lastCertAvailable = ctx.clock().now();
        clientManager.current().ifPresent(this::clientCertificateChanged);
        clientManager.start();
        scheduleTransportCheck(false);
    }

    private CertificateTemplate clientTemplate() {
        return new CertificateTemplate("system:node:" + options.nodeName(), List.of("system:nodes"), List.of(),
                List.of());
    }

    /** Exits when no valid client certificate has been seen for 5 minutes and the server answers. */
    // upstream: pkg/kubelet/certificate/transport.go updateTransport
    private void checkTransport() {
        if (phase == KubeletPhase.EXITED) {
            return;
        }
        Instant now = ctx.clock().now();
        Optional<CertificateAndKey> current = clientManager.current();
        if (current.isEmpty()) {
            if (now.isAfter(lastCertAvailable.plus(EXIT_AFTER))) {
                String tail = " lastCertificateAvailabilityTime=\"" + lastCertAvailable + "\" shutdownThreshold=\"5m0s\"";
                if (clientManager.serverHealthy()) {
                    exit(1, "\"No valid client certificate is found and the server is responsive, exiting.\"" + tail);
                    return;
                }
                ctx.log().error("transport.go:112", "\"No valid client certificate is found but the server is not "
                        + "responsive. A restart may be necessary to retrieve new initial credentials.\"" + tail);
            }
        } else {
            lastCertAvailable = now;
        }
        scheduleTransportCheck(current.isPresent());
    }

    /** With a valid certificate the checks only observe; without one they count down to an exit. */
    private void scheduleTransportCheck(boolean steady) {
        transportCheck = steady ? ctx.scheduler().schedule(TRANSPORT_CHECK,
                Periodic.observer(ctx.component(), "client certificate checks", TRANSPORT_CHECK), this::checkTransport)
                : ctx.scheduler().schedule(TRANSPORT_CHECK, this::checkTransport);
    }

    /**
     * A no-op timer at the certificate's NotAfter, by the kubelet's clock and by the apiserver's:
     * from then on its requests and its checks go another way, which no elided steady span may hide.
     */
    private Scheduler.Timer expiryMilestone(Scheduler.Timer previous, CertificateAndKey pair) {
        if (previous != null) {
            previous.cancel();
        }
        Instant notAfter = pair.certificate().getNotAfter().toInstant();
        List<Scheduler.Timer> timers = new ArrayList<>();
        for (Instant now : new TreeSet<>(List.of(ctx.clock().now(), ctx.scheduler().clock().now()))) {
            if (now.isBefore(notAfter)) {
                timers.add(ctx.scheduler().schedule(Duration.between(now, notAfter), () -> { }));
            }
        }
        return () -> timers.stream().map(Scheduler.Timer::cancel).reduce(false, Boolean::logicalOr);
    }

    // ---- client certificate: blocking bootstrap (rotation off, or releases before background bootstrap) ------

    // upstream: pkg/kubelet/certificate/bootstrap/bootstrap.go LoadClientCert, requestNodeCertificate
    private void blockingBootstrap(RestConfig bootstrap) {
        transition(KubeletPhase.BOOTSTRAPPING, "blocking bootstrap");
        CertificateStore store = new CertificateStore(certDir, "kubelet-client", null, null);
        KeyPair keys;
        byte[] keyFileBytes;
        Path tmp = certDir.resolve(TMP_KEY);
        try {
            Optional<CertificateAndKey> stored = store.current();
            if (stored.isPresent()) {
                keys = Keys.keyPair(stored.get().privateKey());
                keyFileBytes = Pem.encodePrivateKey(keys.getPrivate()).getBytes(StandardCharsets.UTF_8);
            } else {
                ctx.log().infoV(2, "bootstrap.go:154",
                        "No valid private key and/or certificate found, reusing existing private key or creating a new one");
                if (Files.exists(tmp)) {
                    keyFileBytes = Files.readAllBytes(tmp);
                    keys = Keys.keyPair(Pem.privateKey(keyFileBytes, tmp.toString()));
                    ctx.tracer().emit("kubelet.bootstrap.key", "path", tmp.toString(), "reused", true);
                } else {
                    keys = Keys.generate(KeyType.ECDSA_P256, ctx.random().stream("kubelet-client/keys"));
                    String pem = Pem.encodePrivateKey(keys.getPrivate());
                    PrivateFile.write(tmp, pem);
                    keyFileBytes = pem.getBytes(StandardCharsets.UTF_8);
                    ctx.tracer().emit("kubelet.bootstrap.key", "path", tmp.toString(), "reused", false);
                }
            }
        } catch (CertificateStore.StoreException | IOException | PemException e) {
            fail("failed to run Kubelet: " + e.getMessage());
            return;
        }
        Subject subject = clientTemplate().subject();
        List<String> usages = KubeletCsr.usages(release, false, keys.getPublic());
        String name = CsrName.of(release.csrNameDigestsPublicKey() ? keys.getPublic().getEncoded() : keyFileBytes,
                subject, usages);
        CertificateRequest csr = CertificateRequest.create(keys, subject, List.of(), List.of(),
                ctx.random().stream("kubelet-client/csr"));
        RestClient client = clientFor(bootstrap, null, "bootstrap");
        ctx.log().infoV(2, "bootstrap.go:231", "Waiting for client certificate to be issued");
        KeyPair pair = keys;
        new CsrRequest(client, ctx.scheduler(), ctx.log(), release, "csr.go:75").request(
                v -> KubeletCsr.object(release, v, name, csr, KubeletCsr.CLIENT_SIGNER, usages), BOOTSTRAP_WAIT,
                outcome -> {
                    if (phase == KubeletPhase.EXITED) {
                        return;
                    }
                    if (outcome instanceof CsrRequest.Failed failed) {
                        fail("failed to run Kubelet: " + failed.error());
                        return;
                    }
                    CsrRequest.Issued issued = (CsrRequest.Issued) outcome;
                    try {
                        CertificateAndKey fresh = new CertificateAndKey(
                                Pem.certificates(issued.certificatePem(), "csr " + issued.name()), pair.getPrivate());
                        writeBootstrapResult(store, fresh, bootstrap);
                        Files.deleteIfExists(tmp);
                    } catch (IOException | PemException e) {
                        fail("failed to run Kubelet: " + e.getMessage());
                        return;
                    }
                    try {
                        useKubeconfig(DirectClientConfig.clientConfig(KubeconfigLoader.load(kubeconfigPath)));
                    } catch (KubeconfigException e) {
                        fail("failed to run Kubelet: invalid kubeconfig: " + e.upstreamMessage());
                    }
                });
    }

    /** 1.11+: through the store; before, kubelet-client.crt/.key that the kubeconfig names (misconfiguration F4). */
    private void writeBootstrapResult(CertificateStore store, CertificateAndKey fresh, RestConfig bootstrap)
            throws IOException {
        Kubeconfig written;
        if (release.bootstrapWritesStore()) {
            Path file = store.update(fresh, ctx.clock().now());
            ctx.tracer().emit("kubelet.file.written", "path", file.toString(), "mode", "0600", "link",
                    store.currentPath().toString());
            written = KubeletKubeconfig.fromBootstrap(bootstrap, certDir);
        } else {
            Path crt = certDir.resolve("kubelet-client.crt");
            Path key = certDir.resolve("kubelet-client.key");
            PrivateFile.write(crt, Pem.encodeCertificates(fresh.certificates()));
            PrivateFile.write(key, Pem.encodePrivateKey(fresh.privateKey()));
            ctx.tracer().emit("kubelet.file.written", "path", crt.toString(), "mode", "0600");
            ctx.tracer().emit("kubelet.file.written", "path", key.toString(), "mode", "0600");
            Kubeconfig fromStore = KubeletKubeconfig.fromBootstrap(bootstrap, certDir);
            Cluster cluster = fromStore.cluster(KubeletKubeconfig.CLUSTER).orElseThrow();
            written = Kubeconfig.empty().withCluster(KubeletKubeconfig.CLUSTER, cluster)
                    .withUser(KubeletKubeconfig.USER, AuthInfo.clientCertificateFiles(crt.toString(), key.toString()))
                    .withContext(KubeletKubeconfig.CONTEXT, new Context(KubeletKubeconfig.CLUSTER,
                            KubeletKubeconfig.USER, "default"))
                    .withCurrentContext(KubeletKubeconfig.CONTEXT);
        }
        KubeconfigWriter.write(written, kubeconfigPath);
        ctx.tracer().emit("kubelet.file.written", "path", kubeconfigPath.toString(), "mode", "0600");
    }

    /** A kubeconfig used as it is; with rotation on (old releases) the manager takes over from its pair. */
    private void useKubeconfig(RestConfig config) {
        apiConfig = config;
        if (options.clientRotation() && config.hasClientCertificate()) {
            clientManager = new CertificateManager(KubeletCsr.CLIENT_SIGNER, false,
                    new CertificateStore(certDir, "kubelet-client", Path.of(config.certFile()),
                            Path.of(config.keyFile())),
                    this::clientTemplate, release, ctx, current -> clientFor(apiConfig, current, "rotation"),
                    this::clientCertificateChanged);
            try {
                clientManager.load(pairOf(config));
            } catch (CertificateStore.StoreException e) {
                fail("failed to run Kubelet: " + e.getMessage());
                return;
            }
            lastCertAvailable = ctx.clock().now();
            clientManager.current().ifPresent(this::clientCertificateChanged);
            clientManager.start();
            scheduleTransportCheck(false);
            return;
        }
        Optional<CertificateAndKey> pair = pairOf(config);
        if (pair.isPresent()) {
            clientCertificateChanged(pair.get());
        } else {
            nodeClient = clientFor(config, null, "kubeconfig");
            registerNode();
        }
    }

    private Optional<CertificateAndKey> pairOf(RestConfig config) {
        if (!config.hasClientCertificate()) {
            return Optional.empty();
        }
        try {
            return Optional.of(CertificateAndKey.parse(config.certData(), config.certFile(), config.keyData(),
                    config.keyFile()));
        } catch (PemException e) {
            ctx.log().error("bootstrap.go:120", e.getMessage());
            return Optional.empty();
        }
    }

    // ---- with a client certificate: node client, registration, heartbeats, serving certificate -------------

    /** A new client certificate: new connections with it (the transport closes the old ones), then register. */
    private void clientCertificateChanged(CertificateAndKey pair) {
        if (phase == KubeletPhase.EXITED) {
            return;
        }
        boolean first = clientPair == null;
        clientPair = pair;
        clientExpiry = expiryMilestone(clientExpiry, pair);
        if (nodeClient != null) {
            ctx.log().info("transport.go:147",
                    "\"Certificate rotation detected, shutting down client connections to start using new credentials\"");
            retire(nodeClient);
        }
        nodeClient = clientFor(apiConfig, pair, "node");
        bootstrapClients.forEach(this::retire);
        bootstrapClients.clear();
        ctx.tracer().emit("kubelet.client.certificate", "subject",
                pair.certificate().getSubjectX500Principal().getName(), "notAfter",
                pair.certificate().getNotAfter().toInstant().toString());
        if (first) {
            registerNode();
        }
    }

    private void registerNode() {
        if (!options.registerNode()) {
            transition(KubeletPhase.RUNNING, "--register-node=false");
            startServingManager();
            return;
        }
        transition(KubeletPhase.REGISTERING, "client credentials available");
        nodeStatus = new NodeStatus(ctx, release, options.nodeName(), nodeIps(), options.nodeLabels(), advertisedPort,
                () -> nodeClient);
        nodeStatus.register(() -> {
            transition(KubeletPhase.RUNNING, "node registered");
            if (release.usesNodeLease()) {
                lease = new NodeLease(ctx, options.nodeName(), nodeStatus.uid(), () -> nodeClient);
                lease.start();
            }
            startServingManager();
        });
    }

    private void startServingManager() {
        if (servingManager == null || servingManager.phase() != CertificateManager.Phase.IDLE) {
            return;
        }
        servingManager.start();
    }

    /** SANs from the node's addresses: its name as DNS (or IP), its IPs; 1.31+ refuses DNS-only. */
    // upstream: pkg/kubelet/certificate/kubelet.go NewKubeletServerCertificateManager getTemplate
    private CertificateTemplate servingTemplate() {
        List<String> dns = new ArrayList<>();
        List<InetAddress> ips = new ArrayList<>();
        String name = options.nodeName();
        if (org.bouncycastle.util.IPAddress.isValid(name)) {
            ips.add(CertificateSpec.ipLiteral(name));
        } else {
            dns.add(name);
        }
        nodeIps().forEach(ip -> ips.add(CertificateSpec.ipLiteral(ip)));
        if (ips.isEmpty() && release.servingCsrNeedsIp()
                && !options.featureGates().getOrDefault("AllowDNSOnlyNodeCSR", false)) {
            return null;
        }
        return new CertificateTemplate("system:node:" + name, List.of("system:nodes"), dns, ips);
    }

    private List<String> nodeIps() {
        if (!options.nodeIps().isEmpty()) {
            return options.nodeIps();
        }
        String a = options.address();
        return a.isEmpty() || a.equals("0.0.0.0") || a.equals("::") ? List.of("127.0.0.1") : List.of(a);
    }

    // ---- the kubelet API ------------------------------------------------------------------------------------

    private void startServer() throws Exception {
        if (options.servingCertificateByCsr()) {
            servingManager = new CertificateManager(KubeletCsr.SERVING_SIGNER, true,
                    new CertificateStore(certDir, "kubelet-server", null, null), this::servingTemplate, release, ctx,
                    current -> nodeClient, pair -> {
                        servingExpiry = expiryMilestone(servingExpiry, pair);
                        ctx.tracer().emit("kubelet.serving.certificate", "subject",
                                pair.certificate().getSubjectX500Principal().getName());
                    });
            servingManager.load(Optional.empty());
        } else if (!options.tlsCertFile().isEmpty() && !options.tlsPrivateKeyFile().isEmpty()) {
            Path crt = root.input(options.tlsCertFile());
            Path key = root.input(options.tlsPrivateKeyFile());
            staticServing = CertificateAndKey.parse(Files.readAllBytes(crt), crt.toString(), Files.readAllBytes(key),
                    key.toString());
        } else {
            staticServing = selfSigned();
        }
        List<X509Certificate> cas = new ArrayList<>();
        if (!options.clientCaFile().isEmpty()) {
            Path ca = root.input(options.clientCaFile());
            cas.addAll(Pem.certificates(Files.readAllBytes(ca), ca.toString()));
        }
        server = new KubeletServer(ctx, options.nodeName(), release.version(), this::servingCertificate,
                new KubeletServer.Auth(cas, options.anonymousAuth(), options.webhookAuthentication(),
                        options.authorizationMode().equals("Webhook")), () -> nodeClient);
        // Simulated hosts share this machine's loopback: a routed kubelet listens on a free port of it.
        String bind = routed || options.address().equals("0.0.0.0") ? "127.0.0.1" : options.address();
        boundPort = server.start(network.group(), network.tls(), bind, routed ? 0 : options.port());
        // The Node advertises --port, where a route or the socket itself answers; a kubelet that bound another
        // port with nobody routing to it (--port=0) advertises the one it got, which is the one that works.
        advertisedPort = routed && options.port() != 0 ? options.port() : boundPort;
        ctx.tracer().emit("kubelet.server.listening", "address", bind, "port", boundPort);
    }

    /** kubelet.crt/kubelet.key in cert-dir, made once for "HOSTNAME@TIMESTAMP" and reused. */
    // upstream: cmd/kubelet/app/server.go InitializeTLS, client-go util/cert GenerateSelfSignedCertKey
    private CertificateAndKey selfSigned() throws IOException, PemException {
        Path crt = certDir.resolve("kubelet.crt");
        Path key = certDir.resolve("kubelet.key");
        if (Files.exists(crt) && Files.exists(key)) {
            return CertificateAndKey.parse(Files.readAllBytes(crt), crt.toString(), Files.readAllBytes(key),
                    key.toString());
        }
        Instant now = ctx.clock().now();
        var random = ctx.random().stream("kubelet-serving/self-signed");
        KeyPair caKeys = Keys.generate(KeyType.RSA_2048, random);
        X509Certificate ca = Certificates.selfSigned(CertificateSpec.builder(
                        Subject.of(options.nodeName() + "-ca@" + now.getEpochSecond()))
                .usages("digital signature", "key encipherment", "cert sign").ca(true)
                .validity(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(365))).build(), caKeys, random);
        KeyPair keys = Keys.generate(KeyType.RSA_2048, random);
        CertificateSpec.Builder spec = CertificateSpec.builder(Subject.of(options.nodeName() + "@" + now.getEpochSecond()))
                .usages("digital signature", "key encipherment", "server auth")
                .validity(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(365)))
                .dnsNames(options.nodeName());
        X509Certificate cert = Certificates.sign(spec.build(), keys.getPublic(), ca, caKeys.getPrivate(), random);
        CertificateAndKey pair = new CertificateAndKey(List.of(cert, ca), keys.getPrivate());
        PrivateFile.write(crt, Pem.encodeCertificates(pair.certificates()));
        PrivateFile.write(key, Pem.encodePrivateKey(keys.getPrivate()));
        ctx.tracer().emit("kubelet.file.written", "path", crt.toString(), "selfSigned", true);
        return pair;
    }

    // ---- plumbing -------------------------------------------------------------------------------------------

    private RestClient clientFor(RestConfig config, CertificateAndKey pair, String purpose) {
        List<X509Certificate> cas = new ArrayList<>();
        try {
            if (config.caData().length > 0) {
                cas.addAll(Pem.certificates(config.caData(), config.caFile().isEmpty() ? "certificate-authority-data"
                        : config.caFile()));
            }
        } catch (PemException e) {
            ctx.log().error("server.go:852", e.getMessage());
        }
        ClientIdentity identity = new ClientIdentity(URI.create(config.server()), cas, config.insecureSkipTlsVerify(),
                config.tlsServerName(), pair == null ? List.of() : pair.certificates(),
                pair == null ? null : pair.privateKey(), pair == null ? config.bearerToken() : "");
        if (pair == null && config.hasClientCertificate()) {
            // no valid pair from the manager: the kubeconfig's own (possibly expired) certificate goes on the wire
            Optional<CertificateAndKey> own = pairOf(config);
            if (own.isPresent()) {
                identity = identity.withClientCertificate(own.get().certificates(), own.get().privateKey());
            }
        }
        RestClient client = new RestClient("kubelet/" + options.nodeName() + "/" + purpose + "-" + (++clientGeneration),
                identity, network, ctx.scheduler(),
                new TokenBucketRateLimiter(release.kubeApiQps(), release.kubeApiBurst(), ctx.clock()),
                new RestClient.Options(release.userAgent(), Duration.ZERO, GoErrorTexts.forKube(release.version())),
                ctx.tracer(), ctx.clock());
        if (pair == null) {
            bootstrapClients.add(client);
        }
        return client;
    }

    /** Closes a client that new credentials replace; its connections stay counted. */
    private void retire(RestClient client) {
        retiredDials = retiredDials.plus(client.dials());
        client.close();
    }

    private void transition(KubeletPhase next, String reason) {
        if (next == phase) {
            return;
        }
        ctx.tracer().emit("kubelet.phase", "node", options.nodeName(), "from", phase.name(), "to", next.name(),
                "reason", reason);
        phase = next;
    }

    private void fail(String message) {
        exit(1, message);
    }

    private void exit(int code, String message) {
        ctx.log().error("run.go:74", "\"command failed\" err=\"" + message.replace("\"", "\\\"") + "\"");
        halt(code, message);
        onExit.accept(code);
    }

    private void halt(Integer code, String reason) {
        if (phase == KubeletPhase.EXITED) {
            return;
        }
        exitCode = code;
        transition(KubeletPhase.EXITED, reason);
        if (clientManager != null) {
            clientManager.stop();
        }
        if (servingManager != null) {
            servingManager.stop();
        }
        if (nodeStatus != null) {
            nodeStatus.stop();
        }
        if (lease != null) {
            lease.stop();
        }
        if (server != null) {
            server.close();
        }
        for (Scheduler.Timer timer : new Scheduler.Timer[] {transportCheck, clientExpiry, servingExpiry}) {
            if (timer != null) {
                timer.cancel();
            }
        }
        if (nodeClient != null) {
            nodeClient.close();
        }
        bootstrapClients.forEach(RestClient::close);
    }
}
