package io.bootsim.apiserver;

import io.bootsim.apiserver.options.KubeApiServerFlags;
import io.bootsim.core.flags.Command;
import io.bootsim.core.flags.ParsedFlags;
import io.bootsim.core.runtime.ComponentContext;
import io.bootsim.core.runtime.FileSystemRoot;
import io.bootsim.core.trace.TraceSink;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** {@code bootsim kube-apiserver}: the real binary's command line, in live mode, until stopped. */
public final class KubeApiServerCommand {

    private static final String DESCRIPTION = "The Kubernetes API server validates and configures data\n"
            + "for the api objects which include pods, services, replicationcontrollers, and\n"
            + "others. (bootsim simulates what kubelet TLS bootstrapping needs of it.)";

    private KubeApiServerCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        KubeApiServerFlags flags = new KubeApiServerFlags();
        return Command.of(flags.set, DESCRIPTION).execute(args, out, err, parsed -> serve(flags, parsed, err));
    }

    private static int serve(KubeApiServerFlags flags, ParsedFlags parsed, PrintStream err) {
        int v = parsed.get(flags.componentBase.verbosity());
        ComponentContext context = ComponentContext.live("kube-apiserver", v, TraceSink.discard())
                .withVerbosity(v, line -> err.println(line.format()));
        KubeApiServer server;
        try {
            server = KubeApiServer.start(KubeApiServerConfig.load(flags, parsed, FileSystemRoot.HOST, context), context);
        } catch (StartupException e) {
            err.println("Error: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "kube-apiserver-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
