package io.bootsim.bench;

import io.bootsim.core.http.Dials;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * What one stampede measured, and the correctness checks that fail the bench: every kubelet got
 * exactly one client certificate and became Ready, every CSR was signed exactly once, no kubelet
 * exited, and every watch event the apiserver queued reached its client. {@code cpuNanos} is the CPU of the run's
 * processes together, {@code kubeletProcessCpuNanos} the kubelets' child JVM's part of it (0 with the kubelets here).
 */
public record StampedeResult(BenchSpec spec, BenchFiles files, Milestones milestones, long wallNanos, long cpuNanos,
                             long kubeletProcessCpuNanos,
                             double loadAverage, long heapBefore, long heapAfter, long peakHeap, LiveStampede.WatchAccounting watches,
                             Connections connections, List<Integer> exits, List<String> errorLines, int errorCount) {

    /**
     * The kubelets' TLS connections. On h2 a client identity needs one: the bootstrap credentials', then one per
     * client certificate. A dial abandoned to a failed connect or to client-go's TLS handshake timeout is followed
     * by another, which is no excess of the client's: it is counted apart. {@code perNode} is each kubelet's dials
     * and {@code handshakes} their full handshakes (server chains checked), both null / -1 with the kubelets in a
     * child process; {@code accepted} is what the apiserver accepted less the control plane's own connections, and
     * {@code unfinished} those of them whose handshake never completed (the client gave up on it), counted in
     * either case.
     */
    public record Connections(Dials[] perNode, long handshakes, long accepted, long unfinished) {
        /** Connections dialled by the in-JVM kubelets, or else accepted from the child's. */
        long total() {
            return perNode == null ? accepted : Stream.of(perNode).mapToLong(Dials::opened).sum();
        }

        /**
         * Redials after an abandoned dial or a connection the server ended: the in-JVM kubelets' own count, or else
         * the apiserver's unfinished handshakes.
         */
        long redials() {
            return perNode == null ? unfinished : Stream.of(perNode).mapToLong(Dials::redials).sum();
        }
    }

    /** Connections node {@code i}'s identities need: its bootstrap credentials', and one per certificate it got. */
    int connectionsNeeded(int i) {
        return 1 + milestones.certificatesOf(i);
    }

    /** The failed checks, each in a sentence; empty when the run is correct. */
    public List<String> failures() {
        List<String> failures = new ArrayList<>();
        int n = spec.nodes();
        int notOne = 0;
        int notReady = 0;
        String example = "";
        for (int i = 0; i < n; i++) {
            if (milestones.certificatesOf(i) != 1) {
                notOne++;
                if (example.isEmpty()) {
                    example = " (" + Milestones.nodeName(i) + " got " + milestones.certificatesOf(i) + ")";
                }
            }
            if (!milestones.isReady(i)) {
                notReady++;
            }
        }
        if (notOne > 0) {
            failures.add(notOne + " of " + n + " kubelets did not get exactly one client certificate" + example);
        }
        if (notReady > 0) {
            failures.add(notReady + " of " + n + " nodes never became Ready (Node and first Lease stored)");
        }
        Map<String, AtomicInteger> signed = milestones.signedPerCsr();
        long twice = signed.values().stream().filter(c -> c.get() != 1).count();
        if (twice > 0) {
            failures.add(twice + " CSRs were signed more than once");
        }
        if (milestones.csrsCreated() != signed.size()) {
            failures.add(milestones.csrsCreated() + " CSRs were created but " + signed.size() + " were signed");
        }
        if (milestones.csrsCreated() != n) {
            failures.add(n + " kubelets created " + milestones.csrsCreated() + " CSRs, not one each");
        }
        connectionFailures(failures);
        if (!exits.isEmpty()) {
            failures.add(exits.size() + " kubelets exited, with codes " + exits.stream().distinct().toList());
        }
        if (!watches.settled()) {
            failures.add("watch events lost: " + watches.pending() + " still queued at the apiserver, "
                    + watches.handed() + " written to streams (and " + watches.unconfirmed() + " whose write failed as "
                    + "the client went away), " + watches.received() + " received by clients");
        }
        return failures;
    }

    /**
     * A kubelet that opened more connections than its identities need (h2: one each) fails the run; a redial after
     * an abandoned dial or handshake, or after the server ended a connection, does not (the report says how many
     * there were). With the kubelets in a child JVM only the apiserver's side is seen: its completed handshakes.
     */
    private void connectionFailures(List<String> failures) {
        int n = spec.nodes();
        if (connections.perNode() == null) {
            long needed = 0;
            for (int i = 0; i < n; i++) {
                needed += connectionsNeeded(i);
            }
            long handshaken = connections.accepted() - connections.unfinished();
            if (handshaken > needed) {
                failures.add("the kubelets' identities need " + needed + " connections, the apiserver completed "
                        + handshaken + " handshakes with them");
            }
            return;
        }
        int over = 0;
        String example = "";
        for (int i = 0; i < n; i++) {
            Dials dials = connections.perNode()[i];
            if (dials.kept() > connectionsNeeded(i)) {
                over++;
                if (example.isEmpty()) {
                    example = " (" + Milestones.nodeName(i) + " opened " + dials.kept() + " for "
                            + connectionsNeeded(i) + " identities" + (dials.redials() > 0
                            ? ", besides " + dials.redials() + " redials" : "") + ")";
                }
            }
        }
        if (over > 0) {
            failures.add(over + " of " + n + " kubelets opened more connections than their identities need" + example);
        }
    }

    /** Seconds from the stampede's start to the last node Ready. */
    public double wallSeconds() {
        long last = 0;
        for (int i = 0; i < spec.nodes(); i++) {
            last = Math.max(last, milestones.readyAt(i));
        }
        return (last == 0 ? wallNanos : last) / 1e9;
    }

    /** Per-node times in milliseconds, sorted: to the client certificate, or to Ready. */
    public double[] certificateMillis() {
        return sorted(true);
    }

    public double[] readyMillis() {
        return sorted(false);
    }

    private double[] sorted(boolean certificate) {
        double[] out = new double[spec.nodes()];
        int k = 0;
        for (int i = 0; i < spec.nodes(); i++) {
            long t = certificate ? milestones.certificateAt(i) : milestones.readyAt(i);
            if (t > 0) {
                out[k++] = t / 1e6;
            }
        }
        double[] taken = Arrays.copyOf(out, k);
        Arrays.sort(taken);
        return taken;
    }

    /** The value below which {@code p} of the sorted values lie (nearest rank); NaN for none. */
    public static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }
}
