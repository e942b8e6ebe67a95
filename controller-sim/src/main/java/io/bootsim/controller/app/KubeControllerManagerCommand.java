package io.bootsim.controller.app;

import io.bootsim.controller.clientbuilder.TokenClients;
import io.bootsim.core.client.ApiTransport;
import io.bootsim.core.flags.Command;
import io.bootsim.core.flags.Flag;
import io.bootsim.core.flags.FlagType;
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
import io.bootsim.core.kubeconfig.RestConfig;
import io.bootsim.core.pki.Pem;
import io.bootsim.core.pki.PemException;
import io.bootsim.core.runtime.ComponentContext;
import io.bootsim.core.runtime.FileSystemRoot;
import io.bootsim.core.trace.JsonLines;
import io.bootsim.core.trace.TraceSink;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * {@code bootsim kube-controller-manager ...}: the real binary's flags, live mode (wall clock, its
 * own executor), the API reached through {@code --kubeconfig}, running until the process is ended.
 * Returns the exit code for start-up failures.
 */
public final class KubeControllerManagerCommand {

    private static final String NAME = "kube-controller-manager";

    private KubeControllerManagerCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        KubeControllerManagerFlags flags = new KubeControllerManagerFlags();
        Flag<String> traceFile = flags.set.add("bootsim flags", Flag.of("bootsim-trace-file", FlagType.STRING, "",
                "bootsim: append the trace (controller decisions, requests) to this file as JSON lines."));
        return Command.of(flags.set, "The Kubernetes controller manager is a daemon that embeds the core control loops "
                + "shipped with Kubernetes. (bootsim: the certificate, bootstrap-token and node lifecycle controllers.)")
                .execute(args, out, err, parsed -> start(flags, parsed, parsed.get(traceFile), err));
    }

    private static int start(KubeControllerManagerFlags flags, ParsedFlags parsed, String traceFile, PrintStream err) {
        KubeControllerManagerOptions options;
        try {
            options = KubeControllerManagerOptions.from(flags, parsed);
        } catch (KubeControllerManagerOptions.InvalidOptions | KubeControllerManagerOptions.UnknownFlag e) {
            err.println("Error: " + e.getMessage());
            return 1;
        }
        ComponentContext context = ComponentContext.live(NAME, parsed.get(flags.componentBase.verbosity()), trace(traceFile));
        context.log().info("controllermanager.go", options.version().atLeast(1, 27)
                ? "\"Starting\" version=\"" + options.version().gitVersion() + "\""
                : "Version: " + options.version().gitVersion());
        ClientIdentity identity;
        try {
            identity = identity(parsed.get(flags.kubeconfig), parsed.get(flags.master), context);
        } catch (KubeconfigException e) {
            err.println("Error: " + e.upstreamMessage()); // client-go's text, e.g. stat <file>: no such file or directory
            return 1;
        } catch (PemException | IOException | IllegalArgumentException e) {
            err.println("Error: " + e.getMessage());
            return 1;
        }
        ClientNetwork network = new ClientNetwork(new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory()), TlsProvider.JDK);
        KubeControllerManager manager = ControllerClients.connect(options, context, identity, network, System::exit)
                .manager(options, context, FileSystemRoot.HOST);
        CompletableFuture<Integer> started = new CompletableFuture<>();
        context.scheduler().execute(() -> {
            try {
                manager.start();
                started.complete(0);
            } catch (KubeControllerManager.StartupFailure e) {
                started.complete(e.exitCode());
            }
        });
        int code = started.join();
        if (code != 0) {
            return code;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> context.scheduler().execute(manager::stop)));
        try {
            new CountDownLatch(1).await(); // runs until the process is ended, like the real binary
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** client-go's BuildConfigFromFlags: the kubeconfig's current context, --master overriding its server. */
    private static ClientIdentity identity(String kubeconfig, String master, ComponentContext context)
            throws KubeconfigException, PemException, IOException {
        if (kubeconfig.isEmpty() && master.isEmpty()) {
            context.log().warning("client_config.go", "Neither --kubeconfig nor --master was specified.  Using the "
                    + "inClusterConfig.  This might not work.");
            throw new IllegalArgumentException("unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and "
                    + "KUBERNETES_SERVICE_PORT must be defined");
        }
        if (kubeconfig.isEmpty()) {
            return ClientIdentity.of(URI.create(master), List.of());
        }
        RestConfig config = DirectClientConfig.clientConfig(KubeconfigLoader.load(Path.of(kubeconfig)));
        String server = master.isEmpty() ? config.server() : master;
        ClientIdentity identity = new ClientIdentity(URI.create(server),
                config.caData().length == 0 ? List.of() : Pem.certificates(config.caData(), config.caFile().isEmpty()
                        ? "certificate-authority-data" : config.caFile()),
                config.insecureSkipTlsVerify(), config.tlsServerName(), List.of(), null, config.bearerToken());
        if (config.hasClientCertificate()) {
            identity = identity.withClientCertificate(Pem.certificates(config.certData(), "client-certificate"),
                    Pem.privateKey(config.keyData(), "client-key"));
        }
        return identity;
    }

    private static TraceSink trace(String file) {
        if (file.isEmpty()) {
            return TraceSink.discard();
        }
        try {
            var writer = Files.newBufferedWriter(Path.of(file), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            JsonLines lines = new JsonLines(writer);
            // flushed per event: tests and users read the file while the process runs
            return event -> {
                lines.record(event);
                try {
                    writer.flush();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("cannot write the trace", e);
                }
            };
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot open --bootsim-trace-file " + file + ": " + e.getMessage(), e);
        }
    }
}
