package io.bootsim.controller.nodelifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.client.ApiTransport;
import io.bootsim.core.client.Informer;
import io.bootsim.core.http.HttpRequest;
import io.bootsim.core.runtime.ComponentContext;
import io.bootsim.core.time.Periodic;
import io.bootsim.core.time.Scheduler;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of node lifecycle that bootstrapping shows: every monitor period, a node whose kubelet
 * has not been heard from (status heartbeat or, from 1.14, its Lease) for the grace period gets
 * its Ready condition (and the pressure conditions) set to Unknown, "Kubelet stopped posting node
 * status.", which kubectl shows as NotReady. "Heard from" is when this controller saw the
 * heartbeat change, on its own clock, as upstream's probeTimestamp; taints and evictions are not
 * modelled. The passes observe what kubelets keep fresh: a steady {@link Periodic} series that needs
 * a grace period and two passes of tick-by-tick time around every milestone, so that a kubelet
 * that stops is marked at the same pass as without elision.
 */
// upstream: pkg/controller/nodelifecycle/node_lifecycle_controller.go tryUpdateNodeHealth
public final class NodeLifecycleController {

    public static final String NODES = "/api/v1/nodes";
    public static final String LEASES = "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases";
    private static final List<String> CONDITIONS = List.of("Ready", "MemoryPressure", "DiskPressure", "PIDPressure");

    private final ApiTransport api;
    private final Informer nodes;
    private final Informer leases;
    private final Duration monitorPeriod;
    private final Duration gracePeriod;
    private final ComponentContext context;
    private final Map<String, Observed> observed = new HashMap<>();
    private final Periodic passes;
    private Scheduler.Timer timer;

    private record Observed(String heartbeat, Instant at) {
    }

    /** @param leases null before 1.14, when kubelets had no node Lease */
    public NodeLifecycleController(ApiTransport api, Informer nodes, Informer leases, Duration monitorPeriod,
                                   Duration gracePeriod, ComponentContext context) {
        this.api = api;
        this.nodes = nodes;
        this.leases = leases;
        this.monitorPeriod = monitorPeriod;
        this.gracePeriod = gracePeriod;
        this.context = context;
        this.passes = Periodic.observer(context.component(), "node monitor passes", monitorPeriod)
                .settlingFor(gracePeriod.plus(monitorPeriod.multipliedBy(2)));
    }

    public void start() {
        timer = context.scheduler().schedule(monitorPeriod, passes, this::monitor);
    }

    public void stop() {
        if (timer != null) {
            timer.cancel();
        }
    }

    private void monitor() {
        Instant now = context.clock().now();
        for (ObjectNode node : nodes.store().list()) {
            String name = node.path("metadata").path("name").asText();
            String heartbeat = readyHeartbeat(node) + "|" + (leases == null ? ""
                    : leases.store().get("kube-node-lease/" + name).map(l -> l.path("spec").path("renewTime").asText("")).orElse(""));
            Observed seen = observed.get(name);
            if (seen == null || !seen.heartbeat().equals(heartbeat)) {
                observed.put(name, new Observed(heartbeat, now));
                continue;
            }
            if (Duration.between(seen.at(), now).compareTo(gracePeriod) > 0 && !readyIsUnknown(node)) {
                markUnknown(node, now);
            }
        }
        timer = context.scheduler().schedule(monitorPeriod, passes, this::monitor);
    }

    private void markUnknown(ObjectNode node, Instant now) {
        ObjectNode copy = node.deepCopy();
        ArrayNode conditions = copy.with("status").withArray("conditions");
        String stamp = now.truncatedTo(ChronoUnit.SECONDS).toString();
        boolean neverPosted = true;
        for (JsonNode c : conditions) {
            if (CONDITIONS.contains(c.path("type").asText()) && c instanceof ObjectNode condition) {
                neverPosted &= !"Ready".equals(c.path("type").asText());
                if (!"Unknown".equals(condition.path("status").asText())) {
                    condition.put("status", "Unknown").put("reason", "NodeStatusUnknown")
                            .put("message", "Kubelet stopped posting node status.").put("lastTransitionTime", stamp);
                }
            }
        }
        if (neverPosted) {
            conditions.addObject().put("type", "Ready").put("status", "Unknown").put("lastHeartbeatTime", (String) null)
                    .put("lastTransitionTime", stamp).put("reason", "NodeStatusNeverUpdated")
                    .put("message", "Kubelet never posted node status.");
        }
        String name = node.path("metadata").path("name").asText();
        api.send(HttpRequest.put(NODES + "/" + name + "/status", copy), result -> {
            if (!result.isSuccess()) {
                context.log().error("node_lifecycle_controller.go", "Error updating node " + name + ": " + result.goError());
                return;
            }
            context.tracer().emit("controller.nodelifecycle", "node", name, "decision", "Ready=Unknown",
                    "reason", "no heartbeat for more than " + gracePeriod.toSeconds() + "s (--node-monitor-grace-period)");
        });
    }

    private static String readyHeartbeat(JsonNode node) {
        for (JsonNode c : node.path("status").path("conditions")) {
            if ("Ready".equals(c.path("type").asText())) {
                return c.path("lastHeartbeatTime").asText("");
            }
        }
        return "";
    }

    private static boolean readyIsUnknown(JsonNode node) {
        for (JsonNode c : node.path("status").path("conditions")) {
            if ("Ready".equals(c.path("type").asText())) {
                return "Unknown".equals(c.path("status").asText());
            }
        }
        return false;
    }
}
