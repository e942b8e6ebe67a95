package io.bootsim.kubelet.nodestatus;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;
import io.bootsim.core.http.HttpRequest;
import io.bootsim.core.http.RestClient;
import io.bootsim.core.runtime.ComponentContext;
import io.bootsim.core.time.Periodic;
import io.bootsim.core.time.Scheduler;
import io.bootsim.kubelet.KubeletRelease;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Registers the Node with the node's own credentials and keeps its status fresh: POST with
 * backoff 100 ms doubling to 7 s, AlreadyExists means "previously registered"; then every 10 s
 * (nodeStatusUpdateFrequency) the status is patched, or, once leases carry the heartbeat, only
 * every nodeStatusReportFrequency. The updates are a steady {@link Periodic} series while they
 * succeed; after a failed one the next is an ordinary timer, so a failing kubelet is never elided.
 */
// upstream: pkg/kubelet/kubelet_node_status.go registerWithAPIServer, tryRegisterWithAPIServer, updateNodeStatus
public final class NodeStatus {

    static final Duration UPDATE_FREQUENCY = Duration.ofSeconds(10);
    private static final Duration MAX_REGISTER_BACKOFF = Duration.ofSeconds(7);
    private static final String SOURCE = "kubelet_node_status.go:73";

    private final ComponentContext ctx;
    private final KubeletRelease release;
    private final String nodeName;
    private final List<String> nodeIps;
    private final Map<String, String> extraLabels;
    private final int port;
    private final Supplier<RestClient> client;
    private final Instant started;
    private Duration registerBackoff = Duration.ofMillis(100);
    private Instant lastReported;
    private boolean registered;
    private String uid = "";
    private boolean stopped;
    private Scheduler.Timer next;

    public NodeStatus(ComponentContext ctx, KubeletRelease release, String nodeName, List<String> nodeIps,
                      Map<String, String> extraLabels, int port, Supplier<RestClient> client) {
        this.ctx = ctx;
        this.release = release;
        this.nodeName = nodeName;
        this.nodeIps = List.copyOf(nodeIps);
        this.extraLabels = Map.copyOf(extraLabels);
        this.port = port;
        this.client = client;
        this.started = ctx.clock().now();
    }

    public boolean registered() {
        return registered;
    }

    /** The Node's UID when this kubelet created it (the Lease's owner reference); empty otherwise. */
    public String uid() {
        return uid;
    }

    /** Registers, then runs the status loop; {@code onRegistered} runs once the Node exists. */
    public void register(Runnable onRegistered) {
        if (stopped) {
            return;
        }
        ctx.log().info(SOURCE, "Attempting to register node " + nodeName);
        client.get().send(HttpRequest.post("/api/v1/nodes", node()), r -> {
            if (stopped) {
                return;
            }
            boolean exists = r.apiError().map(a -> "AlreadyExists".equals(a.reason())).orElse(false);
            if (r.isSuccess() || exists) {
                ctx.log().info(SOURCE, exists ? "Node " + nodeName + " was previously registered"
                        : "Successfully registered node " + nodeName);
                registered = true;
                uid = r.isSuccess() ? r.json().path("metadata").path("uid").asText("") : "";
                lastReported = ctx.clock().now();
                ctx.tracer().emit("kubelet.node.registered", "node", nodeName, "alreadyExisted", exists);
                onRegistered.run();
                scheduleUpdate(true);
                return;
            }
            if (release.structuredBootstrapLogs()) {
                // upstream 1.21+: klog.ErrorS(err, "Unable to register node with API server", "node", klog.KObj(node))
                ctx.log().error(SOURCE, "\"Unable to register node with API server\" err=\""
                        + r.goError().replace("\"", "\\\"") + "\" node=\"" + nodeName + "\"");
            } else {
                ctx.log().error(SOURCE, "Unable to register node \"" + nodeName + "\" with API server: " + r.goError());
            }
            Duration wait = registerBackoff;
            registerBackoff = registerBackoff.multipliedBy(2).compareTo(MAX_REGISTER_BACKOFF) > 0
                    ? MAX_REGISTER_BACKOFF : registerBackoff.multipliedBy(2);
            ctx.scheduler().schedule(wait, () -> register(onRegistered));
        });
    }

    public void stop() {
        stopped = true;
        if (next != null) {
            next.cancel();
        }
    }

    /** The next update in UPDATE_FREQUENCY; no virtual time passes during a request, so a response may re-mark it. */
    private void scheduleUpdate(boolean steady) {
        if (next != null) {
            next.cancel();
        }
        next = steady ? ctx.scheduler().schedule(UPDATE_FREQUENCY,
                Periodic.renewal(ctx.component(), "node status updates", UPDATE_FREQUENCY), this::update)
                : ctx.scheduler().schedule(UPDATE_FREQUENCY, this::update);
    }

    /**
     * Every update period the kubelet GETs its Node (from the apiserver's cache, resourceVersion=0)
     * and PATCHes the status when a report is due, so both requests meet the authorizers each time.
     */
    // upstream: pkg/kubelet/kubelet_node_status.go tryUpdateNodeStatus
    private void update() {
        if (stopped) {
            return;
        }
        Instant now = ctx.clock().now();
        client.get().send(HttpRequest.get("/api/v1/nodes/" + nodeName + "?resourceVersion=0"), got -> {
            if (stopped) {
                return;
            }
            if (!got.isSuccess()) {
                ctx.log().error("kubelet_node_status.go:549", "Error updating node status, will retry: "
                        + "error getting node \"" + nodeName + "\": " + got.goError());
                scheduleUpdate(false);
                return;
            }
            boolean due = Duration.between(lastReported, now).compareTo(release.nodeStatusReportFrequency()) >= 0;
            if (!due) {
                return;
            }
            ObjectNode patch = Json.object();
            patch.set("status", status(now));
            client.get().send(HttpRequest.raw("PATCH", "/api/v1/nodes/" + nodeName + "/status",
                    Json.write(patch).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    "application/strategic-merge-patch+json"), r -> {
                if (r.isSuccess()) {
                    lastReported = now;
                } else {
                    ctx.log().error("kubelet_node_status.go:549", "Error updating node status, will retry: "
                            + "failed to patch status for node \"" + nodeName + "\": " + r.goError());
                    scheduleUpdate(false);
                }
            });
        });
        scheduleUpdate(true);
    }

    /** The Node the kubelet registers: labels, attach-detach annotation, addresses, capacity, conditions. */
    // upstream: kubelet_node_status.go initialNode, pkg/kubelet/nodestatus/setters.go
    ObjectNode node() {
        ObjectNode node = Json.object();
        node.put("kind", "Node");
        node.put("apiVersion", "v1");
        ObjectNode meta = node.putObject("metadata");
        meta.put("name", nodeName);
        TreeMap<String, String> labels = new TreeMap<>(Map.of(
                "kubernetes.io/hostname", nodeName, "kubernetes.io/os", "linux", "kubernetes.io/arch", "amd64",
                "beta.kubernetes.io/os", "linux", "beta.kubernetes.io/arch", "amd64"));
        labels.putAll(extraLabels);
        ObjectNode l = meta.putObject("labels");
        labels.forEach(l::put);
        meta.putObject("annotations").put("volumes.kubernetes.io/controller-managed-attach-detach", "true");
        node.putObject("spec");
        node.set("status", status(started));
        return node;
    }

    private ObjectNode status(Instant now) {
        ObjectNode status = Json.object();
        String heartbeat = now.truncatedTo(ChronoUnit.SECONDS).toString();
        String transition = started.truncatedTo(ChronoUnit.SECONDS).toString();
        ObjectNode capacity = status.putObject("capacity");
        capacity.put("cpu", "2");
        capacity.put("memory", "4030976Ki");
        capacity.put("pods", "110");
        capacity.put("ephemeral-storage", "20134592Ki");
        status.set("allocatable", capacity.deepCopy());
        ArrayNode conditions = status.putArray("conditions");
        condition(conditions, "MemoryPressure", "False", "KubeletHasSufficientMemory",
                "kubelet has sufficient memory available", heartbeat, transition);
        condition(conditions, "DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure",
                heartbeat, transition);
        condition(conditions, "PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available",
                heartbeat, transition);
        condition(conditions, "Ready", "True", "KubeletReady", "kubelet is posting ready status", heartbeat,
                transition);
        ArrayNode addresses = status.putArray("addresses");
        for (String ip : nodeIps) {
            addresses.addObject().put("type", "InternalIP").put("address", ip);
        }
        addresses.addObject().put("type", "Hostname").put("address", nodeName);
        status.putObject("daemonEndpoints").putObject("kubeletEndpoint").put("Port", port);
        ObjectNode info = status.putObject("nodeInfo");
        info.put("kubeletVersion", release.version().gitVersion());
        info.put("operatingSystem", "linux");
        info.put("architecture", "amd64");
        return status;
    }

    private static void condition(ArrayNode list, String type, String value, String reason, String message,
                                  String heartbeat, String transition) {
        ObjectNode c = list.addObject();
        c.put("type", type);
        c.put("status", value);
        c.put("lastHeartbeatTime", heartbeat);
        c.put("lastTransitionTime", transition);
        c.put("reason", reason);
        c.put("message", message);
    }
}
