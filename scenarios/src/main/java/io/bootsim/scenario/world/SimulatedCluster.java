package io.bootsim.scenario.world;

import io.bootsim.apiserver.KubeApiServer;
import io.bootsim.apiserver.KubeApiServerConfig;
import io.bootsim.apiserver.StartupException;
import io.bootsim.apiserver.options.KubeApiServerFlags;
import io.bootsim.apiserver.storage.MemoryStore;
import io.bootsim.apiserver.storage.Store;
import io.bootsim.controller.app.ControllerClients;
import io.bootsim.controller.app.KubeControllerManager;
import io.bootsim.controller.app.KubeControllerManagerFlags;
import io.bootsim.controller.app.KubeControllerManagerOptions;
import io.bootsim.core.flags.FlagParseException;
import io.bootsim.core.flags.GoDuration;
import io.bootsim.core.flags.ParsedFlags;
import io.bootsim.core.http.ClientIdentity;
import io.bootsim.core.http.ClientNetwork;
import io.bootsim.core.http.TlsProvider;
import io.bootsim.core.kubeconfig.AuthInfo;
import io.bootsim.core.kubeconfig.Context;
import io.bootsim.core.kubeconfig.DirectClientConfig;
import io.bootsim.core.kubeconfig.Kubeconfig;
import io.bootsim.core.kubeconfig.KubeconfigException;
import io.bootsim.core.kubeconfig.KubeconfigLoader;
import io.bootsim.core.kubeconfig.KubeconfigWriter;
import io.bootsim.core.log.LogLine;
import io.bootsim.core.pki.CertificateAndKey;
import io.bootsim.core.pki.Pem;
import io.bootsim.core.pki.PemException;
import io.bootsim.core.random.RandomStreams;
import io.bootsim.core.runtime.ComponentContext;
import io.bootsim.core.runtime.FileSystemRoot;
import io.bootsim.core.runtime.HostsDirectory;
import io.bootsim.core.time.VirtualClock;
import io.bootsim.core.time.VirtualScheduler;
import io.bootsim.core.trace.Tracer;
import io.bootsim.kubelet.Kubelet;
import io.bootsim.kubelet.KubeletFlags;
import io.bootsim.kubelet.KubeletOptions;
import io.bootsim.kubelet.NodeRoot;
import io.bootsim.scenario.Cluster;
import io.bootsim.scenario.Scenario;
import io.netty.channel.nio.NioEventLoopGroup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * A scenario's cluster in simulated mode: one virtual clock and one deterministic scheduler for
 * every component's logic, the kube-apiserver serving real TLS on a free loopback port (reached at
 * the address its kubeconfigs name), each kubelet's API on another (reached at its Node's addresses
 * and --port), one shared client network, and per host (the control plane,
 * each node) its own directory as its file system root. Each component has its own context:
 * clock (skewable), random streams named after it, tracer and klog log.
 */
public final class SimulatedCluster implements AutoCloseable {

    public static final String CONTROL_PLANE = "control-plane";
    /** What the scenario runner itself records (component lifecycle, kubectl). */
    public static final String SCENARIO = "scenario";

    private final Cluster spec;
    private final Path runDir;
    private final VirtualClock clock;
    private final VirtualScheduler scheduler;
    private final RandomStreams random;
    private final WorldTrace trace = new WorldTrace();
    private final Tracer tracer;
    private final NioEventLoopGroup group = new NioEventLoopGroup(2);
    private final ClientNetwork network;
    private final Map<String, Path> hosts = new LinkedHashMap<>();
    private final Map<String, OffsetClock> clocks = new LinkedHashMap<>();
    private final Map<String, List<String>> flags = new LinkedHashMap<>();
    private final Map<String, Integer> exitCodes = new LinkedHashMap<>();
    private final Map<String, Kubelet> kubelets = new LinkedHashMap<>();
    private final KubeletRoutes kubeletRoutes = new KubeletRoutes();
    private final WatchQuiescence watches;
    private volatile int apiserverPort;
    private volatile int apiserverShownPort = -1;
    private volatile KubeApiServer apiserver; // read by network threads routing dials
    private MemoryStore store; // the cluster's etcd: it outlives kube-apiserver restarts
    private KubeControllerManager controllerManager;
    private ControllerClients controllerManagerClients;

    private SimulatedCluster(Cluster spec, Path runDir, TlsProvider tls) {
        this.spec = spec;
        this.runDir = runDir;
        this.clock = new VirtualClock(spec.start());
        this.scheduler = new VirtualScheduler(clock, Duration.ofSeconds(30));
        this.random = RandomStreams.seeded(spec.seed());
        this.tracer = new Tracer(SCENARIO, clock, trace);
        this.network = ClientNetwork.simulated(group, tls, this::route);
        this.watches = new WatchQuiescence(() -> store, network);
        scheduler.settleWhen(watches::settled);
        scheduler.settleWhen(this::noClientOfAStoppedApiserver);
        network.onChange(scheduler::wake);
        scheduler.whenSettled(trace::settled);
        scheduler.onElision(this::elided);
        trace.schedulerThread(Thread.currentThread());
    }

    /**
     * Lays out the hosts' files and certificates under a fresh directory and starts the components
     * that start with the cluster. {@code scenarioDir} is where relative file references point.
     */
    public static SimulatedCluster create(Scenario scenario, Path scenarioDir) throws IOException, PemException {
        return create(scenario, scenarioDir, TlsProvider.JDK);
    }

    /**
     * As {@link #create(Scenario, Path)} (the JDK's TLS), every client and the secure port on {@code tls}: the
     * trace is the same on either stack (certificates are checked by our trust managers with Go's rules and texts).
     */
    public static SimulatedCluster create(Scenario scenario, Path scenarioDir, TlsProvider tls)
            throws IOException, PemException {
        Path runDir = HostsDirectory.create("bootsim-");
        SimulatedCluster cluster = new SimulatedCluster(scenario.cluster(), runDir, tls.requireAvailable());
        try {
            cluster.layOut(scenarioDir);
        } catch (IOException | PemException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /**
     * What scenario runs use: BoringSSL where it loads (netty-tcnative for clients and behind Jetty),
     * whose handshakes cost a fraction of the JDK's on Java 17 (shared/PERFORMANCE.md; a whole seed run,
     * 11 handshakes, measured 0-15% less CPU on a busy machine); elsewhere the JDK's, with the same trace.
     */
    public static TlsProvider defaultStack() {
        try {
            return TlsProvider.OPENSSL.requireAvailable();
        } catch (IllegalStateException unavailable) {
            return TlsProvider.JDK;
        }
    }

    private void layOut(Path scenarioDir) throws IOException, PemException {
        host(CONTROL_PLANE, runDir.resolve(CONTROL_PLANE));
        for (Cluster.KubeletSpec k : spec.kubelets()) {
            host(k.name(), runDir.resolve("nodes").resolve(k.name()));
        }
        ScenarioPki pki = ScenarioPki.build(spec.pki(), spec.start(), spec.seed(), scenarioDir);
        for (Cluster.CertificateSpec c : spec.pki()) {
            CertificateAndKey pair = pki.get(c.name());
            if (c.certPath().isPresent()) {
                writeEverywhere(c.certPath().get(), Pem.encodeCertificate(pair.certificate()));
            }
            if (c.keyPath().isPresent()) {
                writeEverywhere(c.keyPath().get(), Pem.encodePrivateKey(pair.privateKey()));
            }
        }
        for (Cluster.FileSpec f : spec.files()) {
            writeEverywhere(f.path(), render(f.content(), pki, scenarioDir));
        }
        for (Cluster.KubeletSpec k : spec.kubelets()) {
            for (Cluster.FileSpec f : k.files()) {
                write(hosts.get(k.name()), f.path(), render(f.content(), pki, scenarioDir));
            }
        }
        flags.put(Cluster.APISERVER, new ArrayList<>(spec.apiserver().flags()));
        spec.controllerManager().ifPresent(c -> flags.put(Cluster.CONTROLLER_MANAGER, new ArrayList<>(c.flags())));
        spec.kubelets().forEach(k -> flags.put(k.componentName(), new ArrayList<>(k.component().flags())));
    }

    private void host(String name, Path dir) throws IOException {
        Files.createDirectories(dir);
        hosts.put(name, dir);
        trace.hostRoot(dir);
    }

    private String render(Cluster.FileContent content, ScenarioPki pki, Path scenarioDir) throws IOException {
        if (content instanceof Cluster.FileContent.Text t) {
            return t.text();
        }
        if (content instanceof Cluster.FileContent.Copy c) {
            return Files.readString(scenarioDir.resolve(c.from()));
        }
        Cluster.FileContent.Kubeconfig k = (Cluster.FileContent.Kubeconfig) content;
        io.bootsim.core.kubeconfig.Cluster cluster = io.bootsim.core.kubeconfig.Cluster.server(k.server());
        if (k.caCertificate().isPresent()) {
            cluster = cluster.withCertificateAuthorityData(Pem.encodeCertificate(pki.get(k.caCertificate().get())
                    .certificate()).getBytes(StandardCharsets.UTF_8));
        }
        AuthInfo user;
        if (k.clientCertificate().isPresent()) {
            CertificateAndKey pair = pki.get(k.clientCertificate().get());
            user = AuthInfo.clientCertificateData(Pem.encodeCertificate(pair.certificate()).getBytes(StandardCharsets.UTF_8),
                    Pem.encodePrivateKey(pair.privateKey()).getBytes(StandardCharsets.UTF_8));
        } else {
            user = AuthInfo.token(k.token().orElse(""));
        }
        Kubeconfig config = Kubeconfig.empty().withCluster(k.clusterName(), cluster).withUser(k.user(), user)
                .withContext("default", new Context(k.clusterName(), k.user())).withCurrentContext("default");
        return KubeconfigWriter.toYaml(config);
    }

    private void writeEverywhere(String path, String text) throws IOException {
        for (Path root : hosts.values()) {
            write(root, path, text);
        }
    }

    private static void write(Path root, String path, String text) throws IOException {
        Path file = new FileSystemRoot(root).resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    // ---- the simulated network --------------------------------------------------------------------------------

    /**
     * Whether every client has seen a stopped apiserver close its connections. The stop happens at one
     * virtual instant, and a client that learnt of it only after its next request went out lost that
     * request ("unexpected EOF") where one that had learnt dialled and was refused: the next step waits.
     */
    private boolean noClientOfAStoppedApiserver() {
        return apiserver != null || !network.connectedToPort(apiserverPort);
    }

    /**
     * Any dial to the apiserver's configured port reaches it on loopback, and a dial to a node's address at
     * its kubelet's --port reaches that kubelet ({@link KubeletRoutes}); TLS still checks the dialled name.
     * Every other dial is refused, as is one to the apiserver's port while it is stopped: the simulated
     * world has nothing else listening, while this machine may (the port a stopped apiserver listened on
     * is free again, and another scenario of this JVM may have bound it since: a dial that reached such a
     * listener waited for a handshake and made the trace differ).
     */
    private InetSocketAddress route(InetSocketAddress dialled) {
        if (apiserverShownPort >= 0 && dialled.getPort() == apiserverShownPort) {
            return apiserver == null ? null : new InetSocketAddress("127.0.0.1", apiserverPort);
        }
        return kubeletRoutes.route(dialled).orElse(null);
    }

    // ---- components ------------------------------------------------------------------------------------------

    /** The components the scenario starts with, in the order a cluster comes up. */
    public void startInitial() {
        if (spec.apiserver().startsWithCluster()) {
            start(Cluster.APISERVER);
        }
        if (spec.controllerManager().map(Cluster.Component::startsWithCluster).orElse(false)) {
            start(Cluster.CONTROLLER_MANAGER);
        }
        for (Cluster.KubeletSpec k : spec.kubelets()) {
            if (k.component().startsWithCluster()) {
                start(k.componentName());
            }
        }
        runUntilIdle();
    }

    /** Component names as steps and expectations write them. */
    public List<String> components() {
        return List.copyOf(flags.keySet());
    }

    /** {@code kubelet} alone names the only kubelet; otherwise the name must be one of {@link #components()}. */
    public Optional<String> resolveComponent(String name) {
        if (flags.containsKey(name)) {
            return Optional.of(name);
        }
        if (flags.containsKey("kubelet/" + name)) {
            return Optional.of("kubelet/" + name);
        }
        if (name.equals("kubelet") && spec.kubelets().size() == 1) {
            return Optional.of(spec.kubelets().get(0).componentName());
        }
        return Optional.empty();
    }

    public void start(String component) {
        exitCodes.remove(component);
        tracer.emit("component.start", "component", component, "flags", flags.get(component));
        if (component.equals(Cluster.APISERVER)) {
            startApiserver();
        } else if (component.equals(Cluster.CONTROLLER_MANAGER)) {
            startControllerManager();
        } else {
            startKubelet(component);
        }
    }

    public void stop(String component) {
        tracer.emit("component.stop", "component", component);
        if (component.equals(Cluster.APISERVER)) {
            if (apiserver != null) {
                apiserver.close();
                apiserver = null;
            }
        } else if (component.equals(Cluster.CONTROLLER_MANAGER)) {
            stopControllerManager();
        } else {
            Kubelet k = kubelets.remove(component);
            kubeletRoutes.remove(component);
            if (k != null) {
                k.stop();
            }
        }
        runUntilIdle();
    }

    /**
     * Stops the controller-manager and closes its clients, also those of one that failed to start: an
     * open client's TLS context holds the network, and through it this whole world.
     */
    private void stopControllerManager() {
        if (controllerManager != null) {
            controllerManager.stop();
            controllerManager = null;
        }
        if (controllerManagerClients != null) {
            controllerManagerClients.close();
            controllerManagerClients = null;
        }
    }

    public boolean running(String component) {
        if (component.equals(Cluster.APISERVER)) {
            return apiserver != null;
        }
        if (component.equals(Cluster.CONTROLLER_MANAGER)) {
            return controllerManager != null;
        }
        Kubelet k = kubelets.get(component);
        return k != null && k.exitCode().isEmpty();
    }

    private ComponentContext context(String component) {
        OffsetClock c = clocks.computeIfAbsent(component, n -> new OffsetClock(clock));
        return ComponentContext.of(component, c, scheduler, random, trace, 0, trace.logSink());
    }

    private List<String> commandLine(String component) {
        List<String> line = new ArrayList<>();
        line.add("--emulated-version=" + spec.version()); // before the user's flags: theirs win
        line.addAll(flags.get(component));
        return line;
    }

    private void exited(String component, ComponentContext ctx, int code, String message) {
        exitCodes.put(component, code);
        if (message != null) {
            ctx.log().error("server.go", message);
        }
        tracer.emit("component.exit", "component", component, "code", code, "error", message == null ? "" : message);
    }

    private void startApiserver() {
        KubeApiServerFlags f = new KubeApiServerFlags();
        ComponentContext ctx = context(Cluster.APISERVER);
        try {
            ParsedFlags parsed = f.set.parse(commandLine(Cluster.APISERVER));
            ctx = ctx.withVerbosity(parsed.get(f.componentBase.verbosity()), trace.logSink());
            KubeApiServerConfig c = KubeApiServerConfig.load(f, parsed, new FileSystemRoot(hosts.get(CONTROL_PLANE)), ctx);
            // Serve on a free loopback port; dials to the configured port are routed to it.
            if (store == null) {
                store = KubeApiServer.newStore(c, ctx);
                store.onWatchDelivery(scheduler::wake);
            }
            apiserver = KubeApiServer.start(c.listeningOn("127.0.0.1", 0), ctx, store, network);
            apiserverPort = apiserver.port();
            apiserverShownPort = c.securePort();
        } catch (FlagParseException e) {
            exited(Cluster.APISERVER, ctx, 1, "Error: " + e.getMessage());
        } catch (StartupException e) {
            exited(Cluster.APISERVER, ctx, 1, "Error: " + e.getMessage());
        }
    }

    private void startControllerManager() {
        KubeControllerManagerFlags f = new KubeControllerManagerFlags();
        ComponentContext ctx = context(Cluster.CONTROLLER_MANAGER);
        try {
            ParsedFlags parsed = f.set.parse(commandLine(Cluster.CONTROLLER_MANAGER));
            ctx = ctx.withVerbosity(parsed.get(f.componentBase.verbosity()), trace.logSink());
            KubeControllerManagerOptions options = KubeControllerManagerOptions.from(f, parsed);
            String kubeconfig = parsed.get(f.kubeconfig);
            if (kubeconfig.isEmpty()) {
                exited(Cluster.CONTROLLER_MANAGER, ctx, 1, "Error: unable to load in-cluster configuration, "
                        + "KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined");
                return;
            }
            ClientIdentity identity = ClientIdentity.from(DirectClientConfig.clientConfig(
                    KubeconfigLoader.load(new FileSystemRoot(hosts.get(CONTROL_PLANE)).resolve(kubeconfig))));
            ComponentContext owner = ctx;
            controllerManagerClients = ControllerClients.connect(options, ctx, identity, network,
                    code -> exited(Cluster.CONTROLLER_MANAGER, owner, code, null));
            KubeControllerManager manager = controllerManagerClients.manager(options, ctx,
                    new FileSystemRoot(hosts.get(CONTROL_PLANE)));
            scheduler.execute(() -> {
                try {
                    manager.start();
                    controllerManager = manager;
                } catch (KubeControllerManager.StartupFailure e) {
                    // the controller-manager logged the error itself; the trace still carries it for diagnosis
                    exitCodes.put(Cluster.CONTROLLER_MANAGER, e.exitCode());
                    tracer.emit("component.exit", "component", Cluster.CONTROLLER_MANAGER, "code", e.exitCode(),
                            "error", String.valueOf(e.getMessage()));
                }
            });
        } catch (FlagParseException | KubeControllerManagerOptions.InvalidOptions | KubeControllerManagerOptions.UnknownFlag e) {
            exited(Cluster.CONTROLLER_MANAGER, ctx, 1, "Error: " + e.getMessage());
        } catch (KubeconfigException e) {
            exited(Cluster.CONTROLLER_MANAGER, ctx, 1, "Error: " + e.upstreamMessage());
        } catch (PemException | IllegalArgumentException e) {
            exited(Cluster.CONTROLLER_MANAGER, ctx, 1, "Error: " + e.getMessage());
        }
    }

    private void startKubelet(String component) {
        String name = component.substring("kubelet/".length());
        KubeletFlags f = new KubeletFlags();
        ComponentContext ctx = context(component);
        try {
            ParsedFlags parsed = f.set.parse(commandLine(component));
            ctx = ctx.withVerbosity(parsed.get(f.base.verbosity()), trace.logSink());
            NodeRoot root = NodeRoot.at(hosts.get(name));
            KubeletOptions options = f.options(parsed, name, root);
            trace.port(component, options.port());
            Kubelet kubelet = Kubelet.routed(options, ctx, network, root, code -> exitCodes.put(component, code));
            kubelets.put(component, kubelet);
            kubeletRoutes.add(component, kubelet);
            kubelet.start();
        } catch (FlagParseException e) {
            exited(component, ctx, 1, "failed to parse kubelet flag: " + e.getMessage());
        } catch (KubeletFlags.InvalidConfigurationException | IllegalArgumentException e) {
            exited(component, ctx, 1, "\"command failed\" err=\"" + e.getMessage() + "\"");
        }
    }

    // ---- time --------------------------------------------------------------------------------------------------

    /** Runs everything runnable at the current instant. */
    public void runUntilIdle() {
        scheduler.runUntilIdle();
    }

    /** Lets {@code duration} of virtual time pass, firing every timer due on the way. */
    public void advance(Duration duration) {
        scheduler.advance(duration);
    }

    /** Runs until {@code condition} holds or {@code within} has passed; returns whether it held. */
    public boolean runUntil(BooleanSupplier condition, Duration within) {
        Instant deadline = clock.now().plus(within);
        boolean held = scheduler.runUntil(condition, deadline);
        if (!held && clock.now().isBefore(deadline)) {
            scheduler.advance(Duration.between(clock.now(), deadline));
        }
        return held || condition.getAsBoolean();
    }

    /** One event per series and skipped span, from the component that runs the series. */
    private void elided(VirtualScheduler.Elision e) {
        tracer(e.series().component()).emit("scheduler.elided", "series", e.series().runs(), "runs", e.runs(),
                "every", GoDuration.format(e.series().period()), "kind", e.series().kind().name(),
                "from", e.from().toString(), "to", e.to().toString());
    }

    public void skew(String component, Duration by) {
        clocks.computeIfAbsent(component, n -> new OffsetClock(clock)).set(by);
        tracer.emit("component.skew", "component", component, "by", by.toString());
    }

    public Instant now() {
        return clock.now();
    }

    // ---- edits -----------------------------------------------------------------------------------------------

    /** The file {@code path} on {@code host} ({@code control-plane} or a node name). */
    public Path file(String host, String path) {
        Path root = hosts.get(host);
        if (root == null) {
            throw new IllegalArgumentException("no host named " + host + "; hosts: " + hosts.keySet());
        }
        return new FileSystemRoot(root).resolve(path);
    }

    public List<String> hosts() {
        return List.copyOf(hosts.keySet());
    }

    public void editFlags(String component, List<String> add, List<String> remove) {
        List<String> line = flags.get(component);
        line.removeIf(flag -> remove.stream().anyMatch(r -> flag.equals(r) || flag.startsWith(r + "=")));
        line.addAll(add);
        tracer.emit("component.flags", "component", component, "flags", List.copyOf(line));
    }

    public Tracer tracer() {
        return tracer;
    }

    /** A tracer for a client the scenario runs itself (the admin's kubectl), on the virtual clock. */
    public Tracer tracer(String component) {
        return new Tracer(component, clock, trace);
    }

    // ---- what scenarios inspect ----------------------------------------------------------------------------

    /** The running apiserver's store (empty while it is stopped, as kubectl would find it). */
    public Optional<Store> store() {
        return Optional.ofNullable(apiserver).map(KubeApiServer::store);
    }

    public Optional<Kubelet> kubelet(String component) {
        return Optional.ofNullable(kubelets.get(component));
    }

    public Optional<Integer> exitCode(String component) {
        Kubelet k = kubelets.get(component);
        if (k != null && k.exitCode().isPresent()) {
            return k.exitCode();
        }
        return Optional.ofNullable(exitCodes.get(component));
    }

    public WorldTrace trace() {
        return trace;
    }

    public List<LogLine> logs() {
        return trace.logs();
    }

    public Cluster spec() {
        return spec;
    }

    public VirtualScheduler scheduler() {
        return scheduler;
    }

    public ClientNetwork network() {
        return network;
    }

    public RandomStreams random() {
        return random;
    }

    @Override
    public void close() {
        stopControllerManager();
        kubelets.values().forEach(Kubelet::stop);
        try {
            scheduler.runUntilIdle();
        } catch (RuntimeException e) {
            // closing: a component that cannot stop cleanly changes nothing any more
        }
        if (apiserver != null) {
            // Jetty waits for open watch streams to notice; nothing of the run depends on it any more
            KubeApiServer server = apiserver;
            Thread stopping = new Thread(server::close, "kube-apiserver-stop");
            stopping.setDaemon(true);
            stopping.start();
        }
        group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.MILLISECONDS);
        try {
            HostsDirectory.delete(runDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + runDir, e);
        }
    }
}
