package io.bootsim.scenario.world;

import io.bootsim.apiserver.KubeApiServer;
import io.bootsim.apiserver.KubeApiServerConfig;
import io.bootsim.apiserver.StartupException;
import io.bootsim.apiserver.options.KubeApiServerFlags;
import io.bootsim.controller.app.ControllerClients;
import io.bootsim.controller.app.KubeControllerManager;
import io.bootsim.controller.app.KubeControllerManagerFlags;
import io.bootsim.controller.app.KubeControllerManagerOptions;
import io.bootsim.core.client.ApiTransport;
import io.bootsim.core.flags.FlagParseException;
import io.bootsim.core.flags.ParsedFlags;
import io.bootsim.core.http.ClientIdentity;
import io.bootsim.core.http.ClientNetwork;
import io.bootsim.core.http.GoErrorTexts;
import io.bootsim.core.http.RestClient;
import io.bootsim.core.http.TlsProvider;
import io.bootsim.core.http.TokenBucketRateLimiter;
import io.bootsim.core.kubeconfig.DirectClientConfig;
import io.bootsim.core.kubeconfig.KubeconfigException;
import io.bootsim.core.kubeconfig.KubeconfigLoader;
import io.bootsim.core.log.LogLine;
import io.bootsim.core.pki.PemException;
import io.bootsim.core.random.RandomStreams;
import io.bootsim.core.runtime.ComponentContext;
import io.bootsim.core.runtime.FileSystemRoot;
import io.bootsim.core.time.Clock;
import io.bootsim.core.time.ExecutorScheduler;
import io.bootsim.core.trace.TraceSink;
import io.bootsim.kubectl.Kubectl;
import io.bootsim.kubectl.KubectlEnvironment;
import io.bootsim.kubectl.KubectlResult;
import io.bootsim.kubelet.Kubelet;
import io.bootsim.kubelet.KubeletFlags;
import io.bootsim.kubelet.KubeletOptions;
import io.bootsim.kubelet.NodeRoot;
import io.bootsim.scenario.Cluster;
import io.bootsim.scenario.Scenario;
import io.bootsim.scenario.Step;
import io.bootsim.scenario.run.ShellWords;
import io.netty.channel.nio.NioEventLoopGroup;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A scenario's cluster in live mode, for a person with real kubectl: the wall clock, real entropy,
 * each component on its own executor thread, kube-apiserver on the scenario's --secure-port (or,
 * when that port is taken or another is asked for, on that one, with dials to the configured port
 * routed to it as in simulated mode). The hosts' files are laid out exactly as a simulated run lays
 * them out, by a {@link SimulatedCluster} that is never started. The components that start with the
 * cluster start, then the scenario's setup steps (every
 * start, stop, restart, kubectl, edit and flags step before its first wait, advance, skew or expect)
 * are performed; the rest of the flow is left to the person.
 */
public final class LiveCluster implements AutoCloseable {

    /** The file, next to the cluster's files, of the kubeconfig printed for real kubectl. */
    public static final String ADMIN_KUBECONFIG = "admin.kubeconfig";

    private final SimulatedCluster layout;
    private final Cluster spec;
    private final Path scenarioDir;
    private final Consumer<LogLine> logs;
    private final NioEventLoopGroup group = new NioEventLoopGroup(2);
    private final ClientNetwork network;
    private final Map<String, List<String>> flags = new LinkedHashMap<>();
    private final List<ExecutorScheduler> schedulers = new ArrayList<>();
    private final Map<String, Kubelet> kubelets = new LinkedHashMap<>();
    private final KubeletRoutes kubeletRoutes = new KubeletRoutes();
    private volatile int configuredPort = -1;
    private volatile int port;
    private KubeApiServer apiserver;
    private KubeControllerManager controllerManager;
    private ControllerClients controllerManagerClients;

    private LiveCluster(SimulatedCluster layout, Path scenarioDir, Consumer<LogLine> logs) {
        this.layout = layout;
        this.spec = layout.spec();
        this.scenarioDir = scenarioDir;
        this.logs = logs;
        this.network = new ClientNetwork(group, TlsProvider.JDK, this::route);
        flags.put(Cluster.APISERVER, spec.apiserver().flags());
        spec.controllerManager().ifPresent(c -> flags.put(Cluster.CONTROLLER_MANAGER, c.flags()));
        spec.kubelets().forEach(k -> flags.put(k.componentName(), k.component().flags()));
    }

    /**
     * Lays out the scenario's hosts, starts kube-apiserver on {@code port} (empty: its --secure-port,
     * else a free one), performs the setup steps and writes the admin kubeconfig. {@code report}
     * hears what is being done.
     */
    public static LiveCluster start(Scenario scenario, Path scenarioDir, Optional<Integer> port, Consumer<LogLine> logs,
                                    PrintStream report) throws IOException, PemException, StartupException {
        // Certificates are made for the moment the cluster is served (a scenario's start is in the past, and
        // real kubectl checks validity against the wall clock).
        Cluster c = scenario.cluster();
        Cluster now = new Cluster(c.version(), c.seed(), Clock.system().now().truncatedTo(ChronoUnit.SECONDS), c.pki(),
                c.files(), c.apiserver(), c.controllerManager(), c.kubelets(), c.admin());
        Scenario served = new Scenario(scenario.name(), scenario.description(), scenario.source(), now, scenario.steps());
        LiveCluster live = new LiveCluster(SimulatedCluster.create(served, scenarioDir), scenarioDir, logs);
        try {
            live.startApiserver(port);
            if (live.spec.controllerManager().map(Cluster.Component::startsWithCluster).orElse(false)) {
                live.startComponent(Cluster.CONTROLLER_MANAGER);
            }
            for (Cluster.KubeletSpec k : live.spec.kubelets()) {
                if (k.component().startsWithCluster()) {
                    live.startComponent(k.componentName());
                }
            }
            for (Step step : scenario.steps()) {
                if (!live.setUp(step, report)) {
                    break;
                }
            }
            live.writeAdminKubeconfig();
        } catch (IOException | StartupException | RuntimeException e) {
            live.close();
            throw e;
        }
        return live;
    }

    /** As in simulated mode: the apiserver's configured port, and each node's address at its kubelet's --port. */
    private InetSocketAddress route(InetSocketAddress dialled) {
        return dialled.getPort() == configuredPort ? new InetSocketAddress("127.0.0.1", port)
                : kubeletRoutes.route(dialled).orElse(dialled);
    }

    private ComponentContext context(String component, int v) {
        Clock clock = Clock.system();
        ExecutorScheduler scheduler = new ExecutorScheduler(component, clock);
        schedulers.add(scheduler);
        return ComponentContext.of(component, clock, scheduler, RandomStreams.secure(), TraceSink.discard(), v, logs);
    }

    private List<String> commandLine(String component) {
        List<String> line = new ArrayList<>();
        line.add("--emulated-version=" + spec.version()); // before the user's flags: theirs win
        line.addAll(flags.get(component));
        return line;
    }

    private void startApiserver(Optional<Integer> requested) throws StartupException {
        KubeApiServerFlags f = new KubeApiServerFlags();
        ParsedFlags parsed;
        try {
            parsed = f.set.parse(commandLine(Cluster.APISERVER));
        } catch (FlagParseException e) {
            throw new StartupException(e.getMessage());
        }
        ComponentContext ctx = context(Cluster.APISERVER, parsed.get(f.componentBase.verbosity()));
        KubeApiServerConfig c = KubeApiServerConfig.load(f, parsed, new FileSystemRoot(layout.file(SimulatedCluster.CONTROL_PLANE, "/")), ctx);
        configuredPort = c.securePort();
        int listen = requested.orElse(free(c.securePort()) ? c.securePort() : 0);
        // kubelets are reached through this JVM's routes: real kubectl talks to the apiserver only
        apiserver = KubeApiServer.start(c.listeningOn("127.0.0.1", listen), ctx, KubeApiServer.newStore(c, ctx), network);
        port = apiserver.port();
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Performs a setup step; returns false at the first step that belongs to the flow rather than its setup. */
    private boolean setUp(Step step, PrintStream report) throws IOException {
        if (step instanceof Step.Lifecycle l) {
            String c = l.component().equals("kubelet") && spec.kubelets().size() == 1
                    ? spec.kubelets().get(0).componentName() : l.component();
            if (l.action() != Step.Lifecycle.Action.START) {
                report.println("bootsim serve: stopping " + c);
                stop(c);
            }
            if (l.action() != Step.Lifecycle.Action.STOP) {
                report.println("bootsim serve: starting " + c);
                startComponent(c);
            }
            return true;
        }
        if (step instanceof Step.Kubectl k) {
            report.println("bootsim serve: $ kubectl " + k.command());
            KubectlResult r = kubectl(k.command());
            report.print(r.stdout().indent(2));
            report.print(r.stderr().indent(2));
            return true;
        }
        if (step instanceof Step.EditFile e && e.content().isPresent()) {
            for (String host : e.host().map(List::of).orElse(layout.hosts())) {
                Path file = layout.file(host, e.path());
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.content().get());
            }
            return true;
        }
        if (step instanceof Step.EditFlags f) {
            List<String> line = new ArrayList<>(flags.get(f.component()));
            line.removeIf(flag -> f.remove().stream().anyMatch(r -> flag.equals(r) || flag.startsWith(r + "=")));
            line.addAll(f.add());
            flags.put(f.component(), line);
            return true;
        }
        return false;
    }

    private KubectlResult kubectl(String command) {
        Path kubeconfig = layout.file(SimulatedCluster.CONTROL_PLANE, spec.admin().orElseThrow(() ->
                new IllegalStateException("kubectl steps need cluster.admin, the admin kubeconfig on the control plane")));
        ComponentContext ctx = context("kubectl", 0);
        Kubectl kubectl = new Kubectl(new KubectlEnvironment(ctx.scheduler(), network, ctx.tracer(), scenarioDir, kubeconfig));
        try {
            return kubectl.runBlocking(ShellWords.split(command));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running kubectl " + command, e);
        }
    }

    private void startComponent(String component) {
        if (component.equals(Cluster.CONTROLLER_MANAGER)) {
            startControllerManager();
        } else if (component.startsWith("kubelet/")) {
            startKubelet(component);
        }
    }

    private void startControllerManager() {
        KubeControllerManagerFlags f = new KubeControllerManagerFlags();
        try {
            ParsedFlags parsed = f.set.parse(commandLine(Cluster.CONTROLLER_MANAGER));
            ComponentContext ctx = context(Cluster.CONTROLLER_MANAGER, parsed.get(f.componentBase.verbosity()));
            KubeControllerManagerOptions options = KubeControllerManagerOptions.from(f, parsed);
            Path root = layout.file(SimulatedCluster.CONTROL_PLANE, "/");
            ClientIdentity identity = ClientIdentity.from(DirectClientConfig.clientConfig(
                    KubeconfigLoader.load(new FileSystemRoot(root).resolve(parsed.get(f.kubeconfig)))));
            controllerManagerClients = ControllerClients.connect(options, ctx, identity, network,
                    code -> ctx.log().error("controllermanager.go", "controller-manager exited with " + code));
            KubeControllerManager manager = controllerManagerClients.manager(options, ctx, new FileSystemRoot(root));
            ctx.scheduler().execute(() -> {
                try {
                    manager.start();
                    controllerManager = manager;
                } catch (KubeControllerManager.StartupFailure e) {
                    ctx.log().error("controllermanager.go", "kube-controller-manager exited with code " + e.exitCode());
                }
            });
        } catch (FlagParseException | KubeControllerManagerOptions.InvalidOptions | KubeControllerManagerOptions.UnknownFlag
                 | PemException | IllegalArgumentException e) {
            throw new IllegalStateException("kube-controller-manager: Error: " + e.getMessage(), e);
        } catch (KubeconfigException e) {
            throw new IllegalStateException("kube-controller-manager: Error: " + e.upstreamMessage(), e);
        }
    }

    private void startKubelet(String component) {
        String name = component.substring("kubelet/".length());
        KubeletFlags f = new KubeletFlags();
        try {
            ParsedFlags parsed = f.set.parse(commandLine(component));
            ComponentContext ctx = context(component, parsed.get(f.base.verbosity()));
            NodeRoot root = NodeRoot.at(layout.file(name, "/"));
            KubeletOptions options = f.options(parsed, name, root);
            // every kubelet of the cluster runs on this machine: each listens on a free port, routed from 10250
            Kubelet kubelet = Kubelet.routed(options, ctx, network, root, code -> {
            });
            kubelets.put(component, kubelet);
            kubeletRoutes.add(component, kubelet);
            kubelet.start();
        } catch (FlagParseException | KubeletFlags.InvalidConfigurationException | IllegalArgumentException e) {
            throw new IllegalStateException(component + ": " + e.getMessage(), e);
        }
    }

    private void stop(String component) {
        if (component.equals(Cluster.CONTROLLER_MANAGER) && controllerManager != null) {
            controllerManager.stop();
            controllerManagerClients.close();
            controllerManager = null;
        }
        Kubelet k = kubelets.remove(component);
        kubeletRoutes.remove(component);
        if (k != null) {
            k.stop();
        }
    }

    /** The scenario's admin kubeconfig, pointing at the port kube-apiserver really listens on. */
    private void writeAdminKubeconfig() throws IOException {
        if (spec.admin().isEmpty()) {
            return;
        }
        String text = Files.readString(layout.file(SimulatedCluster.CONTROL_PLANE, spec.admin().get()));
        Files.writeString(adminKubeconfig(), text.replaceAll("(server:\\s*https://[^:/\\s]+):" + configuredPort + "\\b",
                "$1:" + port));
    }

    /** Where the kubeconfig for real kubectl is, when the scenario names an admin kubeconfig. */
    public Optional<Path> adminKubeconfigPath() {
        return spec.admin().map(a -> adminKubeconfig());
    }

    private Path adminKubeconfig() {
        return layout.file(SimulatedCluster.CONTROL_PLANE, "/").resolve(ADMIN_KUBECONFIG);
    }

    public int port() {
        return port;
    }

    /** Where a host's files are: {@code control-plane} or a node name. */
    public Path root(String host) {
        return layout.file(host, "/");
    }

    @Override
    public void close() {
        List.copyOf(kubelets.keySet()).forEach(this::stop);
        stop(Cluster.CONTROLLER_MANAGER);
        if (apiserver != null) {
            apiserver.close();
        }
        schedulers.forEach(ExecutorScheduler::close);
        group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
        layout.close();
    }
}
