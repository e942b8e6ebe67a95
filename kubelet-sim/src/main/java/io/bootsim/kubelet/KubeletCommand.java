package io.bootsim.kubelet;

import io.bootsim.core.flags.Command;
import io.bootsim.core.http.ClientNetwork;
import io.bootsim.core.http.TlsProvider;
import io.bootsim.core.runtime.ComponentContext;
import io.bootsim.core.time.ExecutorScheduler;
import io.bootsim.core.trace.TraceSink;
import io.netty.channel.nio.NioEventLoopGroup;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code bootsim kubelet}: live mode with the real kubelet's flags. One kubelet, or with
 * {@code --sim-nodes=N} N kubelets named PREFIX-0 ... sharing one event loop group (two threads)
 * and one scheduler thread per core, each kubelet pinned to one of them (one FIFO queue for all
 * would give no node its certificate until every kubelet had started), each under its own root
 * directory and on its own port.
 */
public final class KubeletCommand {

    private KubeletCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        KubeletFlags flags = new KubeletFlags();
        Command command = new Command(flags.set, "The kubelet is the primary \"node agent\" that runs on each node.",
                "failed to parse kubelet flag: ", false);
        return command.execute(args, out, err, parsed -> {
            KubeletOptions base;
            TlsProvider tls;
            try {
                base = flags.options(parsed, hostname(), NodeRoot.host());
                tls = TlsProvider.parse(parsed.get(flags.simTls)).requireAvailable();
            } catch (KubeletFlags.InvalidConfigurationException | IllegalArgumentException | IllegalStateException e) {
                err.println("E0000 00:00:00.000000       1 run.go:74] \"command failed\" err=\"" + e.getMessage() + "\"");
                return 1;
            }
            int n = parsed.get(flags.simNodes);
            ComponentContext shared = ComponentContext.live("kubelet", parsed.get(flags.base.verbosity()),
                    TraceSink.discard());
            NioEventLoopGroup group = new NioEventLoopGroup(2);
            ClientNetwork network = new ClientNetwork(group, tls);
            CountDownLatch exited = new CountDownLatch(1);
            AtomicInteger code = new AtomicInteger();
            List<Kubelet> kubelets = new ArrayList<>();
            List<ExecutorScheduler> schedulers = new ArrayList<>();
            for (int k = 0; n > 1 && k < Math.min(n, Runtime.getRuntime().availableProcessors()); k++) {
                schedulers.add(new ExecutorScheduler("kubelet-" + k, shared.clock()));
            }
            for (int i = 0; i < n; i++) {
                // Node i listens on --port+i and advertises it: the apiserver is another process, with no route
                // from one shared port to many kubelets, so each must advertise a port that really answers.
                KubeletOptions options = n == 1 ? base : base.withNodeName(base.nodeName() + "-" + i)
                        .withPort(base.port() == 0 ? 0 : base.port() + i);
                NodeRoot root = n == 1 ? NodeRoot.host()
                        : NodeRoot.at(Path.of(parsed.get(flags.simRootDir).isEmpty() ? "sim-nodes"
                        : parsed.get(flags.simRootDir)).resolve(options.nodeName()));
                ComponentContext ctx = n == 1 ? shared : new ComponentContext("kubelet/" + options.nodeName(),
                        shared.clock(), schedulers.get(i % schedulers.size()), shared.random().child(options.nodeName()),
                        new io.bootsim.core.trace.Tracer("kubelet/" + options.nodeName(), shared.clock(),
                                TraceSink.discard()), shared.log());
                Kubelet kubelet = new Kubelet(options, ctx, network, root, c -> {
                    code.set(c);
                    exited.countDown();
                });
                kubelets.add(kubelet);
                kubelet.start();
            }
            try {
                exited.await(); // the real kubelet runs until it exits
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            kubelets.forEach(Kubelet::stop);
            schedulers.forEach(ExecutorScheduler::close);
            group.shutdownGracefully();
            return code.get();
        });
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
