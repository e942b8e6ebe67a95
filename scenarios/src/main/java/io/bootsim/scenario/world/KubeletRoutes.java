package io.bootsim.scenario.world;

import io.bootsim.kubelet.Kubelet;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated network's way to the kubelets of one JVM. Each listens on a free loopback port, while
 * its Node advertises its addresses (InternalIPs, Hostname) at --port, 10250 by default, as a real
 * node does; a dial to an address and port that exactly one kubelet advertises reaches that kubelet.
 * One that several advertise (nodes all left on the default InternalIP 127.0.0.1) is no node's: on a
 * real network every node's 127.0.0.1 is its own, and the dialling host runs no kubelet.
 */
final class KubeletRoutes {

    private final Map<String, Kubelet> kubelets = new ConcurrentHashMap<>();

    void add(String component, Kubelet kubelet) {
        kubelets.put(component, kubelet);
    }

    void remove(String component) {
        kubelets.remove(component);
    }

    /** The kubelet socket a dial to {@code dialled} reaches, if the dial is to a kubelet; from any thread. */
    Optional<InetSocketAddress> route(InetSocketAddress dialled) {
        List<Kubelet> advertising = kubelets.values().stream()
                .filter(k -> k.advertisedEndpoints().contains(dialled)).toList();
        return advertising.size() == 1
                ? Optional.of(new InetSocketAddress("127.0.0.1", advertising.get(0).port()))
                : Optional.empty();
    }
}
