package io.bootsim.kubelet.nodelease;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;
import io.bootsim.core.http.HttpRequest;
import io.bootsim.core.http.RestClient;
import io.bootsim.core.runtime.ComponentContext;
import io.bootsim.core.time.Periodic;
import io.bootsim.core.time.Scheduler;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;

/**
 * The node heartbeat: a coordination.k8s.io/v1 Lease named after the node in kube-node-lease,
 * held by the node for 40 s, renewed every 10 s (a quarter of the duration), owned by the Node.
 * A failed renewal is retried with backoff 200 ms doubling to 7 s. Renewals after a success are a
 * steady {@link Periodic} series; retries are ordinary timers.
 */
// upstream: staging/src/k8s.io/component-helpers/apimachinery/lease/controller.go, pkg/kubelet/nodelease
public final class NodeLease {

    static final int DURATION_SECONDS = 40;
    static final Duration RENEW_INTERVAL = Duration.ofSeconds(10);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(7);
    private static final DateTimeFormatter MICRO_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final String PATH = "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases";

    private final ComponentContext ctx;
    private final String nodeName;
    private final String nodeUid;
    private final Supplier<RestClient> client;
    private ObjectNode latest;
    private Duration backoff = Duration.ofMillis(200);
    private boolean stopped;
    private long renewals;
    private Scheduler.Timer next;

    public NodeLease(ComponentContext ctx, String nodeName, String nodeUid, Supplier<RestClient> client) {
        this.ctx = ctx;
        this.nodeName = nodeName;
        this.nodeUid = nodeUid;
        this.client = client;
    }

    public void start() {
        ensure();
    }

    public void stop() {
        stopped = true;
        if (next != null) {
            next.cancel();
        }
    }

    public long renewals() {
        return renewals;
    }

    private void ensure() {
        if (stopped) {
            return;
        }
        client.get().send(HttpRequest.get(PATH + "/" + nodeName), r -> {
            if (r.isSuccess()) {
                latest = r.json();
                renew();
            } else if (r.apiError().map(a -> a.code() == 404).orElse(false)) {
                client.get().send(HttpRequest.post(PATH, lease()), c -> done(c.isSuccess() ? c.json() : null,
                        "failed to create lease", c.goError()));
            } else {
                done(null, "failed to ensure node lease exists", r.goError());
            }
        });
    }

    private void renew() {
        if (stopped) {
            return;
        }
        ObjectNode next = latest.deepCopy();
        ((ObjectNode) next.path("spec")).put("renewTime", MICRO_TIME.format(ctx.clock().now()));
        client.get().send(HttpRequest.put(PATH + "/" + nodeName, next), r -> done(r.isSuccess() ? r.json() : null,
                "failed to update lease", r.goError()));
    }

    private void done(ObjectNode lease, String what, String error) {
        if (stopped) {
            return;
        }
        if (lease != null) {
            latest = lease;
            renewals++;
            backoff = Duration.ofMillis(200);
            next = ctx.scheduler().schedule(RENEW_INTERVAL,
                    Periodic.renewal(ctx.component(), "lease renewals", RENEW_INTERVAL), this::renew);
            return;
        }
        ctx.log().error("controller.go:145", what + ", will retry in " + io.bootsim.core.flags.GoDuration.format(backoff)
                + ", error: " + error);
        Duration wait = backoff;
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        latest = null;
        next = ctx.scheduler().schedule(wait, this::ensure);
    }

    private ObjectNode lease() {
        ObjectNode lease = Json.object();
        lease.put("kind", "Lease");
        lease.put("apiVersion", "coordination.k8s.io/v1");
        ObjectNode meta = lease.putObject("metadata");
        meta.put("name", nodeName);
        meta.put("namespace", "kube-node-lease");
        if (!nodeUid.isEmpty()) {
            ObjectNode owner = meta.putArray("ownerReferences").addObject();
            owner.put("apiVersion", "v1").put("kind", "Node").put("name", nodeName).put("uid", nodeUid);
        }
        ObjectNode spec = lease.putObject("spec");
        spec.put("holderIdentity", nodeName);
        spec.put("leaseDurationSeconds", DURATION_SECONDS);
        spec.put("renewTime", MICRO_TIME.format(ctx.clock().now()));
        return lease;
    }
}
