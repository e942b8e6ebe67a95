package io.bootsim.apiserver;

import io.bootsim.apiserver.options.KubeApiServerFlags;
import io.bootsim.core.flags.FlagParseException;
import io.bootsim.core.random.RandomStreams;
import io.bootsim.core.runtime.ComponentContext;
import io.bootsim.core.runtime.FileSystemRoot;
import io.bootsim.core.time.Clock;
import io.bootsim.core.time.ExecutorScheduler;
import io.bootsim.core.trace.TraceSink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** What the tests that start a live kube-apiserver share: a wall-clock context and a free loopback port. */
public final class LiveApiServerConfig {

    private LiveApiServerConfig() {
    }

    public static ComponentContext context(TraceSink trace) {
        return ComponentContext.of("kube-apiserver", Clock.system(), new ExecutorScheduler("kube-apiserver", Clock.system()),
                RandomStreams.secure(), trace, 0, line -> { });
    }

    /** The configuration from {@code flags}, serving on a free port of 127.0.0.1. */
    public static KubeApiServerConfig load(List<String> flags, ComponentContext context)
            throws StartupException, FlagParseException {
        List<String> all = new ArrayList<>(List.of("--secure-port=" + freePort(), "--bind-address=127.0.0.1"));
        all.addAll(flags);
        KubeApiServerFlags parsed = new KubeApiServerFlags();
        return KubeApiServerConfig.load(parsed, parsed.set.parse(all), FileSystemRoot.HOST, context);
    }

    public static URI url(KubeApiServerConfig config) {
        return URI.create("https://127.0.0.1:" + config.securePort());
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
