package io.bootsim.bench;

import io.bootsim.core.trace.TraceEvent;
import io.bootsim.core.trace.TraceSink;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Pattern;

/**
 * What the bench learns from the components' own trace events, as they happen: when each kubelet
 * got its client certificate (and how many it got), when the apiserver stored each Node and its
 * first Lease, how often the signer issued each CSR, and how many requests the apiserver
 * authenticated. Times are nanoseconds since the stampede began. Sinks are called from the
 * apiserver's request threads and the components' schedulers at once, so everything here is atomic.
 */
final class Milestones {

    private static final Pattern PORT = Pattern.compile(":\\d+");
    private static final Pattern NODE = Pattern.compile("node-\\d+");
    // what differs between nodes' requests of one kind: generated names, versions, timeouts, bootstrap
    // token ids, node names; one pass, as every request the apiserver authenticates goes through it
    private static final Pattern VARYING = Pattern.compile(
            "(csr-)[A-Za-z0-9_-]+|(resourceVersion=|timeoutSeconds=)\\d+|(system:bootstrap:)[a-z0-9]+|(node-)\\d+");

    private static final String NODE_USER = "system:node:";

    private final int nodes;
    private final boolean leases;
    private final boolean kubeletsHere;
    private final long start;
    private final AtomicLongArray certificate;
    private final AtomicIntegerArray certificates;
    private final AtomicLongArray registered;
    private final AtomicLongArray leased;
    private final AtomicInteger ready = new AtomicInteger();
    private final AtomicInteger withCertificate = new AtomicInteger();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong firstCsr = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastSigned = new AtomicLong();
    private final Map<String, AtomicInteger> signed = new ConcurrentHashMap<>();
    private final AtomicInteger csrsCreated = new AtomicInteger();
    private final Map<String, AtomicInteger> unanswered = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requestKinds = new ConcurrentHashMap<>();
    // requests are counted until the result is taken: the kubelets' last ones fail as their event loops close
    private volatile boolean ended;

    /**
     * @param leases whether a node is Ready only once its Lease exists (releases with node leases, 1.14+)
     * @param kubeletsHere whether the kubelets run in this JVM and report through {@link #kubelet}; when they
     *                     run in a child process, a node's certificate time is its first request authenticated as
     *                     system:node:NAME, and its certificates are counted from the stored CSRs
     */
    Milestones(int nodes, boolean leases, boolean kubeletsHere, long start) {
        this.nodes = nodes;
        this.leases = leases;
        this.kubeletsHere = kubeletsHere;
        this.start = start;
        this.certificate = new AtomicLongArray(nodes);
        this.certificates = new AtomicIntegerArray(nodes);
        this.registered = new AtomicLongArray(nodes);
        this.leased = new AtomicLongArray(nodes);
    }

    static String nodeName(int index) {
        return "node-" + index;
    }

    /** The kubelet's sink: its client certificate, and its requests that got no HTTP answer. */
    TraceSink kubelet(int index) {
        return e -> {
            if (e.type().equals("http.request") && !ended && e.field("error") != null
                    && Integer.valueOf(0).equals(e.field("code"))) {
                unanswered.computeIfAbsent(shape((String) e.field("error")), k -> new AtomicInteger())
                        .incrementAndGet();
            } else if (e.type().equals("kubelet.client.certificate")) {
                certificate.compareAndSet(index, 0, now());
                if (certificates.incrementAndGet(index) == 1) {
                    withCertificate.incrementAndGet();
                }
            }
        };
    }

    /** The apiserver's sink: requests, CSRs, Nodes and Leases as stored. */
    TraceSink apiserver() {
        return e -> {
            if (e.type().equals("authentication") && !ended) {
                requests.incrementAndGet();
                requestKinds.computeIfAbsent(kind(e), k -> new AtomicInteger()).incrementAndGet();
                if (!kubeletsHere && e.field("user") instanceof String user && user.startsWith(NODE_USER)) {
                    int index = index(user.substring(NODE_USER.length()));
                    if (index >= 0 && certificate.compareAndSet(index, 0, now())) {
                        withCertificate.incrementAndGet();
                    }
                }
            } else if (e.type().equals("storage") && "created".equals(e.field("action"))) {
                created(e);
            }
        };
    }

    /** The controller-manager's sink: each issued certificate. */
    TraceSink controllerManager() {
        return e -> {
            if (e.type().equals("controller.csrsigning") && "signed".equals(e.field("decision"))) {
                signed.computeIfAbsent((String) e.field("csr"), k -> new AtomicInteger()).incrementAndGet();
                lastSigned.accumulateAndGet(now(), Math::max);
            }
        };
    }

    private void created(TraceEvent e) {
        String resource = (String) e.field("resource");
        if (resource.startsWith("certificatesigningrequests")) {
            csrsCreated.incrementAndGet();
            firstCsr.accumulateAndGet(now(), Math::min);
            return;
        }
        int index = index((String) e.field("name"));
        if (index < 0) {
            return;
        }
        if (resource.equals("nodes")) {
            mark(registered, index, leases ? leased : null);
        } else if (resource.startsWith("leases")) {
            mark(leased, index, registered);
        }
    }

    /** Records one of a node's two Ready conditions; the node is Ready when the other is there too. */
    private void mark(AtomicLongArray mine, int index, AtomicLongArray other) {
        mine.compareAndSet(index, 0, now());
        if (other == null || other.get(index) != 0) {
            ready.incrementAndGet();
        }
    }

    private int index(String name) {
        if (name == null || !name.startsWith("node-")) {
            return -1;
        }
        try {
            int i = Integer.parseInt(name.substring(5));
            return i < nodes ? i : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private long now() {
        return Math.max(1, System.nanoTime() - start);
    }

    /** Stops counting requests (answered or not): the run's result is being taken. */
    void end() {
        ended = true;
    }

    /** A certificate issued for node {@code name}, as counted from the stored CSRs (kubelets in a child process). */
    void issued(String name) {
        int index = index(name);
        if (index >= 0) {
            certificates.incrementAndGet(index);
        }
    }

    boolean kubeletsHere() {
        return kubeletsHere;
    }

    int nodes() {
        return nodes;
    }

    int ready() {
        return ready.get();
    }

    int withCertificate() {
        return withCertificate.get();
    }

    long requests() {
        return requests.get();
    }

    int csrsCreated() {
        return csrsCreated.get();
    }

    /** Nanoseconds from the first CSR stored to the last certificate issued. */
    long signingSpan() {
        long first = firstCsr.get();
        return first == Long.MAX_VALUE ? 0 : Math.max(0, lastSigned.get() - first);
    }

    long certificateAt(int index) {
        return certificate.get(index);
    }

    int certificatesOf(int index) {
        return certificates.get(index);
    }

    long readyAt(int index) {
        return leases ? Math.max(registered.get(index), leased.get(index)) : registered.get(index);
    }

    boolean isReady(int index) {
        return registered.get(index) != 0 && (!leases || leased.get(index) != 0);
    }

    /** Who asked what, with what differs from node to node taken out: "system:node:node-N GET /api/v1/nodes/node-N". */
    private static String kind(TraceEvent e) {
        String user = e.field("user") instanceof String u ? u : "(unauthenticated)";
        String kind = user + " " + e.field("request");
        return VARYING.matcher(kind).replaceAll("$1$2$3$4N");
    }

    /** The apiserver's authenticated requests by {@link #kind}. */
    Map<String, AtomicInteger> requestKinds() {
        return requestKinds;
    }

    /** An error text with node names and ports taken out, so that the same failure counts once. */
    private static String shape(String error) {
        return NODE.matcher(PORT.matcher(error).replaceAll(":PORT")).replaceAll("node-N");
    }

    /** Kubelet requests that got no HTTP answer (refused, reset, TLS failure, timeout), by error. */
    Map<String, AtomicInteger> unanswered() {
        return unanswered;
    }

    Map<String, AtomicInteger> signedPerCsr() {
        return signed;
    }
}
