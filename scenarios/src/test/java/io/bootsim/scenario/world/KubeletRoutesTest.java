package io.bootsim.scenario.world;

import io.bootsim.core.http.ClientNetwork;
import io.bootsim.core.http.TlsProvider;
import io.bootsim.core.random.RandomStreams;
import io.bootsim.core.runtime.ComponentContext;
import io.bootsim.core.time.VirtualClock;
import io.bootsim.core.time.VirtualScheduler;
import io.bootsim.core.trace.TraceSink;
import io.bootsim.kubelet.Kubelet;
import io.bootsim.kubelet.KubeletFlags;
import io.bootsim.kubelet.NodeRoot;
import io.netty.channel.nio.NioEventLoopGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Dials to a node's address at its kubelet's --port reach that kubelet; an address two nodes share reaches neither. */
class KubeletRoutesTest {

    private final NioEventLoopGroup group = new NioEventLoopGroup(1);
    private final VirtualScheduler scheduler = new VirtualScheduler(new VirtualClock(VirtualClock.DEFAULT_START));
    private final KubeletRoutes routes = new KubeletRoutes();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        group.shutdownGracefully();
    }

    @Test
    void eachNodesAddressesAtItsPortReachItsKubeletAndASharedOneReachesNone() throws Exception {
        Kubelet a = start("node-a", "--node-ip=10.0.0.1");
        Kubelet b = start("node-b"); // no --node-ip: InternalIP 127.0.0.1
        Kubelet c = start("node-c");
        assertEquals(Optional.of(loopback(a)), routes.route(dial("10.0.0.1", 10250)));
        assertEquals(Optional.of(loopback(a)), routes.route(dial("node-a", 10250)));
        assertEquals(Optional.of(loopback(b)), routes.route(dial("node-b", 10250)));
        assertEquals(Optional.of(loopback(c)), routes.route(dial("node-c", 10250)));
        assertEquals(Optional.empty(), routes.route(dial("127.0.0.1", 10250)), "node-b and node-c both advertise it");
        assertEquals(Optional.empty(), routes.route(dial("10.0.0.1", 10255)), "not the kubelet's port");

        routes.remove("kubelet/node-c");
        assertEquals(Optional.of(loopback(b)), routes.route(dial("127.0.0.1", 10250)), "node-b's alone now");
        for (Kubelet k : List.of(a, b, c)) {
            k.stop();
        }
        scheduler.runUntilIdle();
    }

    private Kubelet start(String name, String... flags) throws Exception {
        KubeletFlags f = new KubeletFlags();
        ComponentContext ctx = ComponentContext.of("kubelet/" + name, scheduler.clock(), scheduler,
                RandomStreams.seeded(1), TraceSink.discard(), 0, line -> { });
        Kubelet kubelet = Kubelet.routed(f.options(f.set.parse(List.of(flags)), name, NodeRoot.host()), ctx,
                new ClientNetwork(group, TlsProvider.JDK), NodeRoot.at(dir.resolve(name)), code -> { });
        routes.add("kubelet/" + name, kubelet);
        kubelet.start();
        scheduler.runUntilIdle();
        return kubelet;
    }

    private static InetSocketAddress dial(String host, int port) {
        return InetSocketAddress.createUnresolved(host, port);
    }

    private static InetSocketAddress loopback(Kubelet kubelet) {
        return new InetSocketAddress("127.0.0.1", kubelet.port());
    }
}
