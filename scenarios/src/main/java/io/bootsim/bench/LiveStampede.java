package io.bootsim.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.KubeApiServer;
import io.bootsim.apiserver.KubeApiServerConfig;
import io.bootsim.apiserver.StartupException;
import io.bootsim.apiserver.options.KubeApiServerFlags;
import io.bootsim.apiserver.storage.ListOptions;
import io.bootsim.apiserver.storage.ResourceType;
import io.bootsim.apiserver.storage.StoredResources;
import io.bootsim.controller.app.ControllerClients;
import io.bootsim.controller.app.KubeControllerManager;
import io.bootsim.controller.app.KubeControllerManagerFlags;
import io.bootsim.controller.app.KubeControllerManagerOptions;
import io.bootsim.core.api.Json;
import io.bootsim.core.client.ApiTransport;
import io.bootsim.core.flags.FlagParseException;
import io.bootsim.core.http.ClientIdentity;
import io.bootsim.core.http.ClientNetwork;
import io.bootsim.core.http.Dials;
import io.bootsim.core.http.GoErrorTexts;
import io.bootsim.core.http.RateLimiter;
import io.bootsim.core.http.RestClient;
import io.bootsim.core.http.Result;
import io.bootsim.core.http.TokenBucketRateLimiter;
import io.bootsim.core.log.LogLine;
import io.bootsim.core.random.RandomStreams;
import io.bootsim.core.runtime.ComponentContext;
import io.bootsim.core.pki.CertificateRequest;
import io.bootsim.core.pki.Pem;
import io.bootsim.core.pki.PemException;
import io.bootsim.core.runtime.FileSystemRoot;
import io.bootsim.core.time.Clock;
import io.bootsim.core.time.ExecutorScheduler;
import io.bootsim.core.trace.TraceSink;
import io.bootsim.core.trace.Tracer;
import io.bootsim.kubelet.Kubelet;
import io.bootsim.kubelet.KubeletFlags;
import io.bootsim.kubelet.KubeletOptions;
import io.bootsim.kubelet.NodeRoot;
import io.netty.channel.nio.NioEventLoopGroup;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A bench run in live mode: kube-apiserver, kube-controller-manager and N kubelets in this JVM on
 * the wall clock, started from their real flags and files, talking real TLS over loopback. The
 * control plane starts first (with kubeadm's three bootstrap bindings created by an admin over the
 * API); then every kubelet starts at the same instant and the run lasts until each node is Ready.
 * The kubelets share one scheduler thread and two event-loop threads, as {@code --sim-nodes} does.
 */
public final class LiveStampede {

    /** A point in the run, for the progress line. */
    public record Progress(int nodes, int withCertificate, int ready, long elapsedNanos) {
    }

    private static final Duration SETTLE = Duration.ofSeconds(10);

    private final BenchSpec spec;
    private final Path dir;
    private final ComponentLogs logs = new ComponentLogs();
    private final List<AutoCloseable> closers = new ArrayList<>();
    private final List<Kubelet> kubelets = new ArrayList<>(); // in this JVM; each on schedulers[i % size]
    private final List<ExecutorScheduler> schedulers = new ArrayList<>();

    public LiveStampede(BenchSpec spec, Path dir) {
        this.spec = spec;
        this.dir = dir;
    }

    public StampedeResult run(Consumer<Progress> progress) throws Exception {
        try {
            return stampede(progress);
        } finally {
            for (int i = closers.size() - 1; i >= 0; i--) {
                closers.get(i).close();
            }
        }
    }

    private StampedeResult stampede(Consumer<Progress> progress) throws Exception {
        RandomStreams random = RandomStreams.secure();
        int port = freePort();
        BenchFiles files = BenchFiles.write(dir.resolve("control-plane"), spec.ca(), port, random);
        String version = "--emulated-version=" + spec.version();

        // the start instant is set when the kubelets start; control-plane milestones before it are not node times
        long[] start = {0};
        Milestones[] milestones = new Milestones[1];
        TraceSink apiserverSink = e -> {
            if (milestones[0] != null) {
                milestones[0].apiserver().record(e);
            }
        };
        KubeApiServer apiserver = startApiServer(files, port, version, apiserverSink, random);
        closers.add(apiserver);

        NioEventLoopGroup controlPlaneLoop = new NioEventLoopGroup(1);
        ClientNetwork controlPlaneNetwork = new ClientNetwork(controlPlaneLoop, spec.tls());
        createBootstrapBindings(files, controlPlaneNetwork);

        TraceSink kcmSink = e -> {
            if (milestones[0] != null) {
                milestones[0].controllerManager().record(e);
            }
        };
        startControllerManager(files, version, controlPlaneNetwork, kcmSink, random);

        // closed before the schedulers: a connection they fail hands its callback to a scheduler
        closers.add(() -> controlPlaneLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync());
        List<String> kubeletArgs = List.of(
                "--bootstrap-kubeconfig=" + files.path("bootstrap.kubeconfig"),
                "--kubeconfig=/var/lib/kubelet/kubeconfig", "--cert-dir=/var/lib/kubelet/pki",
                "--rotate-certificates=true", "--node-ip=127.0.0.1", "--port=0", "--address=127.0.0.1",
                "--tls-cert-file=" + files.path("kubelet-serving.pem"),
                "--tls-private-key-file=" + files.path("kubelet-serving-key.pem"), version);

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long heapBefore = HeapInUse.live();
        int n = spec.nodes();
        List<Integer> exits = new ArrayList<>();
        double load = ProcessCpu.loadAverage();
        long cpuBefore = ProcessCpu.nanos();
        start[0] = System.nanoTime();
        milestones[0] = new Milestones(n, spec.leases(), !spec.kubeletProcess(), start[0]);
        Milestones m = milestones[0];
        KubeletProcess child = null;
        List<ClientNetwork> networks = new ArrayList<>(List.of(controlPlaneNetwork));
        if (spec.kubeletProcess()) {
            child = KubeletProcess.start(n, kubeletArgs, spec.tls(), dir.resolve("nodes"), dir.resolve("kubelets.log"));
            closers.add(child);
        } else {
            networks.add(startKubelets(kubeletArgs, random, m, exits));
        }

        long deadline = start[0] + Duration.ofSeconds(120).plusMillis(200L * n).toNanos();
        long peakHeap = 0;
        while (m.ready() < n && System.nanoTime() < deadline) {
            peakHeap = Math.max(peakHeap, memory.getHeapMemoryUsage().getUsed());
            progress.accept(new Progress(n, m.withCertificate(), m.ready(), System.nanoTime() - start[0]));
            if (child != null && child.exitCode().isPresent()) {
                // the process ends with its first kubelet to exit
                exits.add(child.exitCode().getAsInt());
                break;
            }
            synchronized (exits) {
                if (exits.size() == n) {
                    break;
                }
            }
            Thread.sleep(100);
        }
        long wall = System.nanoTime() - start[0];
        long kubeletProcessCpu = child == null ? 0 : child.cpuNanos();
        long cpu = ProcessCpu.nanos() - cpuBefore + kubeletProcessCpu;
        progress.accept(new Progress(n, m.withCertificate(), m.ready(), wall));
        peakHeap = Math.max(peakHeap, memory.getHeapMemoryUsage().getUsed());

        WatchAccounting watches = settleWatches(apiserver, networks,
                child == null);
        ClientNetwork kubeletNetwork = child == null ? networks.get(1) : null;
        StampedeResult.Connections connections = new StampedeResult.Connections(
                child == null ? connectionsPerNode() : null,
                kubeletNetwork == null ? -1 : kubeletNetwork.fullHandshakes(),
                apiserver.connectionsAccepted() - controlPlaneNetwork.fullHandshakes(),
                apiserver.connectionsAccepted() - apiserver.connectionsHandshaken());
        long heapAfter = HeapInUse.live();
        List<String> errors = new ArrayList<>(logs.errors());
        int errorCount = logs.errorCount();
        if (child != null) {
            countIssuedCertificates(apiserver, m);
            errorCount += child.errors(errors, ComponentLogs.KEPT);
        }
        m.end();
        synchronized (exits) {
            return new StampedeResult(spec, files, m, wall, cpu, kubeletProcessCpu, load, heapBefore, heapAfter, peakHeap, watches,
                    connections, List.copyOf(exits), errors, errorCount);
        }
    }

    /**
     * N kubelets in this JVM from the same flags as {@code bootsim kubelet --sim-nodes=N}, on shared
     * threads; returns their network.
     */
    private ClientNetwork startKubelets(List<String> args, RandomStreams random, Milestones m, List<Integer> exits)
            throws Exception {
        // one scheduler thread per core, each kubelet pinned to one: still no thread per kubelet, and
        // no single FIFO queue in which every kubelet's start runs before any node's next step
        for (int k = 0; k < Math.min(m.nodes(), Runtime.getRuntime().availableProcessors()); k++) {
            ExecutorScheduler scheduler = new ExecutorScheduler("kubelets-" + k, Clock.system());
            schedulers.add(scheduler);
            closers.add(scheduler);
        }
        NioEventLoopGroup loops = new NioEventLoopGroup(2);
        closers.add(() -> loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync()); // before the schedulers
        ClientNetwork network = new ClientNetwork(loops, spec.tls());
        KubeletFlags flags = new KubeletFlags();
        KubeletOptions base = flags.options(flags.set.parse(args), "node", NodeRoot.host());
        closers.add(() -> kubelets.forEach(Kubelet::stop));
        for (int i = 0; i < m.nodes(); i++) {
            String name = Milestones.nodeName(i);
            ExecutorScheduler kubeletScheduler = schedulers.get(i % schedulers.size());
            ComponentContext ctx = new ComponentContext("kubelet/" + name, kubeletScheduler.clock(), kubeletScheduler,
                    random.child("kubelet/" + name), new Tracer("kubelet/" + name, kubeletScheduler.clock(),
                    m.kubelet(i)), logs.klog("kubelet/" + name));
            Kubelet kubelet = new Kubelet(base.withNodeName(name), ctx, network,
                    NodeRoot.at(dir.resolve("nodes").resolve(name)), code -> {
                        synchronized (exits) {
                            exits.add(code);
                        }
                    });
            kubelets.add(kubelet);
            kubelet.start();
        }
        return network;
    }

    /** Each in-JVM kubelet's dials so far, read on its own scheduler. */
    private Dials[] connectionsPerNode() throws Exception {
        Dials[] counts = new Dials[kubelets.size()];
        List<CompletableFuture<Void>> read = new ArrayList<>();
        for (int s = 0; s < schedulers.size(); s++) {
            int first = s;
            CompletableFuture<Void> done = new CompletableFuture<>();
            schedulers.get(s).execute(() -> {
                for (int i = first; i < counts.length; i += schedulers.size()) {
                    counts[i] = kubelets.get(i).dials();
                }
                done.complete(null);
            });
            read.add(done);
        }
        for (CompletableFuture<Void> done : read) {
            done.get(30, TimeUnit.SECONDS);
        }
        return counts;
    }

    /**
     * With the kubelets in a child process, the certificates each node got are read from the stored
     * CSRs: every issued CSR counts for the node its subject names (system:node:NAME).
     */
    private void countIssuedCertificates(KubeApiServer apiserver, Milestones m) throws PemException {
        ResourceType csrs = StoredResources.of(spec.version()).get("certificates.k8s.io", "certificatesigningrequests")
                .orElseThrow();
        for (ObjectNode csr : apiserver.store().list(csrs, "", ListOptions.EVERYTHING).items()) {
            if (csr.path("status").path("certificate").asText("").isEmpty()) {
                continue;
            }
            byte[] pem = Base64.getDecoder().decode(csr.path("spec").path("request").asText(""));
            String cn = CertificateRequest.parse(Pem.decode(pem, "csr").get(0).bytes(), "csr").subject().commonName();
            if (cn.startsWith("system:node:")) {
                m.issued(cn.substring("system:node:".length()));
            }
        }
    }

    private KubeApiServer startApiServer(BenchFiles files, int port, String version, TraceSink trace,
                                         RandomStreams random) throws FlagParseException, StartupException {
        List<String> args = new ArrayList<>(List.of("--secure-port=" + port, "--bind-address=127.0.0.1", version,
                "--token-auth-file=" + files.path("token.csv"), "--client-ca-file=" + files.path("ca.pem"),
                "--tls-cert-file=" + files.path("apiserver.pem"),
                "--tls-private-key-file=" + files.path("apiserver-key.pem"), "--authorization-mode=Node,RBAC"));
        // --enable-admission-plugins arrived in 1.10; 1.9 named the whole chain with --admission-control
        args.add(spec.version().atLeast(1, 10) ? "--enable-admission-plugins=NodeRestriction"
                : "--admission-control=NamespaceLifecycle,NodeRestriction");
        KubeApiServerFlags flags = new KubeApiServerFlags();
        ComponentContext context = ComponentContext.of("kube-apiserver", Clock.system(),
                new ExecutorScheduler("kube-apiserver", Clock.system()), random, trace, 0, logs.sink());
        KubeApiServerConfig config = KubeApiServerConfig.load(flags, flags.set.parse(args), FileSystemRoot.HOST, context);
        return KubeApiServer.start(config, context, KubeApiServer.newStore(config, context), spec.tls());
    }

    /** kubeadm's bindings: bootstrappers may create CSRs and have them auto-approved; nodes may renew theirs. */
    private void createBootstrapBindings(BenchFiles files, ClientNetwork network) throws Exception {
        ExecutorScheduler scheduler = new ExecutorScheduler("admin", Clock.system());
        closers.add(scheduler);
        RestClient admin = new RestClient("admin", ClientIdentity.of(URI.create(files.server()),
                List.of(files.ca().certificate())).withBearerToken(BenchFiles.ADMIN_TOKEN), network, scheduler,
                RateLimiter.unlimited(), RestClient.Options.defaults(), Tracer.discard("admin"));
        closers.add(admin);
        bind(admin, scheduler, "kubeadm:kubelet-bootstrap", "system:node-bootstrapper", "system:bootstrappers");
        bind(admin, scheduler, "kubeadm:node-autoapprove-bootstrap",
                "system:certificates.k8s.io:certificatesigningrequests:nodeclient", "system:bootstrappers");
        bind(admin, scheduler, "kubeadm:node-autoapprove-certificate-rotation",
                "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient", "system:nodes");
    }

    private static void bind(RestClient admin, ExecutorScheduler scheduler, String name, String role, String group)
            throws Exception {
        ObjectNode binding = Json.object().put("apiVersion", "rbac.authorization.k8s.io/v1")
                .put("kind", "ClusterRoleBinding");
        binding.putObject("metadata").put("name", name);
        binding.putObject("roleRef").put("apiGroup", "rbac.authorization.k8s.io").put("kind", "ClusterRole")
                .put("name", role);
        binding.putArray("subjects").addObject().put("apiGroup", "rbac.authorization.k8s.io").put("kind", "Group")
                .put("name", group);
        CompletableFuture<Result> done = new CompletableFuture<>();
        scheduler.execute(() -> admin.send(io.bootsim.core.http.HttpRequest.post(
                "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", binding), done::complete));
        Result result = done.get(30, TimeUnit.SECONDS);
        if (!result.isSuccess()) {
            throw new IllegalStateException("creating clusterrolebinding " + name + ": " + result.goError());
        }
    }

    private void startControllerManager(BenchFiles files, String version, ClientNetwork network, TraceSink trace,
                                        RandomStreams random) throws Exception {
        List<String> args = new ArrayList<>(List.of(version, "--leader-elect=false",
                "--cluster-signing-cert-file=" + files.path("ca.pem"),
                "--cluster-signing-key-file=" + files.path("ca-key.pem")));
        if (!spec.throttled()) {
            // client-go treats a QPS this high as no limit worth waiting for
            args.add("--kube-api-qps=1000000");
            args.add("--kube-api-burst=1000000");
        }
        KubeControllerManagerFlags flags = new KubeControllerManagerFlags();
        KubeControllerManagerOptions options = KubeControllerManagerOptions.from(flags, flags.set.parse(args));
        ExecutorScheduler scheduler = new ExecutorScheduler("kube-controller-manager", Clock.system());
        closers.add(scheduler);
        ComponentContext context = ComponentContext.of("kube-controller-manager", scheduler.clock(), scheduler, random,
                trace, 0, logs.sink());
        ControllerClients clients = ControllerClients.connect(options, context, ClientIdentity.of(URI.create(files.server()),
                List.of(files.ca().certificate())).withClientCertificate(files.controllerManager().certificates(),
                files.controllerManager().privateKey()), network, code -> { });
        closers.add(clients);
        KubeControllerManager manager = clients.manager(options, context, FileSystemRoot.HOST);
        CompletableFuture<Void> started = new CompletableFuture<>();
        scheduler.execute(() -> {
            try {
                manager.start();
                started.complete(null);
            } catch (KubeControllerManager.StartupFailure e) {
                started.completeExceptionally(e);
            }
        });
        try {
            started.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("kube-controller-manager did not start: " + e.getCause().getMessage());
        }
        closers.add(() -> scheduler.execute(manager::stop));
    }

    /**
     * Waits until every watch event the apiserver queued has been handed to a stream and every
     * event handed has arrived at a client, or {@link #SETTLE} passes; returns the counts.
     */
    private static WatchAccounting settleWatches(KubeApiServer apiserver, List<ClientNetwork> networks,
                                                 boolean clientsHere) throws InterruptedException {
        long until = System.nanoTime() + SETTLE.toNanos();
        WatchAccounting counts;
        do {
            counts = new WatchAccounting(apiserver.store().watchEventsPending(), apiserver.store().watchEventsHanded(),
                    apiserver.store().watchEventsUnconfirmed(),
                    networks.stream().mapToLong(ClientNetwork::queuedWatchEvents).sum(), clientsHere);
            if (counts.settled()) {
                return counts;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < until);
        return counts;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Log lines of every component: none printed (thousands of kubelets), errors counted and the first kept. */
    static final class ComponentLogs {
        static final int KEPT = 10;
        private final List<String> errors = new ArrayList<>();
        private int count;

        Consumer<LogLine> sink() {
            return line -> {
                if (line.severity() == LogLine.Severity.ERROR || line.severity() == LogLine.Severity.FATAL) {
                    synchronized (this) {
                        count++;
                        if (errors.size() < KEPT) {
                            errors.add(line.component() + ": " + line.format());
                        }
                    }
                }
            };
        }

        io.bootsim.core.log.Klog klog(String component) {
            return new io.bootsim.core.log.Klog(component, Clock.system(), 0, sink());
        }

        synchronized List<String> errors() {
            return List.copyOf(errors);
        }

        synchronized int errorCount() {
            return count;
        }
    }

    /**
     * @param pending     events queued for streams, not yet written; handed events written; received events at clients
     * @param unconfirmed events whose write failed as their client went away, which the client may still have read
     *                    (a kubelet closes its bootstrap connection as soon as its CSR's last event arrives)
     * @param clientsHere whether every watching client is in this JVM; if not (kubelets in a child process), only
     *                    the apiserver's side is checked: every queued event written to its stream
     */
    public record WatchAccounting(long pending, long handed, long unconfirmed, long received, boolean clientsHere) {
        boolean settled() {
            return pending == 0 && (!clientsHere || (received >= handed && received <= handed + unconfirmed));
        }
    }
}
