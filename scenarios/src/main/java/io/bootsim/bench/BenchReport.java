package io.bootsim.bench;

import io.bootsim.core.http.Dials;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Locale;

/** The bench's closing report: the stampede's figures next to the crypto floor measured in the same run. */
public record BenchReport(StampedeResult result, CryptoFloor.Figures floor) {

    private static final double MIB = 1024.0 * 1024.0;

    public String format() {
        BenchSpec spec = result.spec();
        int n = spec.nodes();
        double wall = result.wallSeconds();
        double[] certs = result.certificateMillis();
        double[] ready = result.readyMillis();
        StringBuilder out = new StringBuilder();
        boolean child = spec.kubeletProcess();
        line(out, "bootsim bench: %d nodes, CA %s, Kubernetes %s, %s, live (wall clock), TLS: %s clients, "
                        + "%s server, kubelets %s", n, spec.ca(), spec.version(),
                spec.throttled() ? "client-side rate limits as upstream" : "unthrottled", spec.tls().flagValue(),
                spec.tls().serverName(),
                child ? "in a child JVM (bootsim kubelet --sim-nodes)" : "in this JVM");
        line(out, "  all Ready            %8.2f s   %8.1f nodes/s   (load average %.1f at the start, %d cores)", wall,
                n / wall, result.loadAverage(), Runtime.getRuntime().availableProcessors());
        line(out, "  CPU %s %8.2f s   %8.1f ms per node%s", child ? "of both processes" : "of this process ",
                result.cpuNanos() / 1e9, result.cpuNanos() / 1e6 / n, child ? String.format(Locale.ROOT,
                        "   (control plane %.2f s, kubelets %.2f s)", (result.cpuNanos()
                                - result.kubeletProcessCpuNanos()) / 1e9, result.kubeletProcessCpuNanos() / 1e9) : "");
        line(out, "  to client cert       p50 %8.0f ms   p99 %8.0f ms%s", StampedeResult.percentile(certs, 0.5),
                StampedeResult.percentile(certs, 0.99), child ? "   (first request authenticated with it)" : "");
        line(out, "  to Ready             p50 %8.0f ms   p99 %8.0f ms   (Node%s stored)",
                StampedeResult.percentile(ready, 0.5), StampedeResult.percentile(ready, 0.99),
                spec.leases() ? " and first Lease" : "");
        Milestones m = result.milestones();
        double signing = m.signingSpan() / 1e9;
        line(out, "  CSRs                 %8d signed   %8.1f CSRs/s (first CSR stored to last certificate issued)",
                m.signedPerCsr().size(), signing > 0 ? m.signedPerCsr().size() / signing : 0.0);
        line(out, "  requests             %8d          %8.1f requests/s   %.2f per node, by kind:", m.requests(),
                m.requests() / wall, m.requests() / (double) n);
        m.requestKinds().entrySet().stream()
                .sorted(Map.Entry.<String, AtomicInteger>comparingByValue(Comparator.comparingInt(AtomicInteger::get))
                        .reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> line(out, "    %6.2f  %s", e.getValue().get() / (double) n, e.getKey()));
        StampedeResult.Connections c = result.connections();
        if (c.perNode() == null) {
            line(out, "  connections          %8d          %8.2f per node   (accepted by the apiserver from the kubelets; "
                    + "their handshakes are counted in their own process)", c.accepted(), c.accepted() / (double) n);
            line(out, "  redials              %8d          after handshake timeout (accepted, handshake never completed: "
                    + "the kubelet gave up after client-go's 10 s and dialled again; not counted against it)", c.redials());
        } else {
            line(out, "  connections          %8d          %8.2f per node   (most %d), full handshakes %d, accepted by "
                            + "the apiserver %d", c.total(), c.total() / (double) n,
                    java.util.stream.Stream.of(c.perNode()).mapToInt(Dials::opened).max().orElse(0), c.handshakes(),
                    c.accepted());
            line(out, "  redials              %8d          after handshake timeout or failed dial (client-go's 10 s, 30 s), "
                    + "or for a connection the server ended (GOAWAY); not counted against the kubelets; the apiserver "
                    + "left %d handshakes unfinished", c.redials(), c.unfinished());
        }
        int unanswered = m.unanswered().values().stream().mapToInt(AtomicInteger::get).sum();
        if (child) {
            line(out, "  unanswered           not counted: the kubelets' requests are traced in their own process");
        } else if (unanswered > 0) {
            line(out, "  unanswered           %8d kubelet requests got no HTTP answer (retried as upstream); most:", unanswered);
            m.unanswered().entrySet().stream()
                    .sorted(Map.Entry.<String, AtomicInteger>comparingByValue(Comparator.comparingInt(AtomicInteger::get))
                            .reversed()).limit(3)
                    .forEach(e -> line(out, "    %6d  %s", e.getValue().get(), e.getKey()));
        }
        long retained = result.heapAfter() - result.heapBefore();
        String whose = child ? "the control plane's JVM only, live objects; the kubelets' child JVM not counted"
                : "control plane and kubelets together, live objects";
        if (retained >= 0) {
            line(out, "  heap                 peak %.0f MiB; retained after all Ready %.1f MiB = %.1f KiB per node (%s)",
                    result.peakHeap() / MIB, retained / MIB, retained / 1024.0 / n, whose);
        } else { // a small run's nodes may weigh less than what the process let go of meanwhile
            line(out, "  heap                 peak %.0f MiB; retained after all Ready: less than before the run "
                    + "(%.1f MiB less), too little to measure per node (%s)", result.peakHeap() / MIB, -retained / MIB, whose);
        }
        if (floor != null) {
            line(out, "  crypto floor         %8.2f s   keys %.2f, CSR signatures %.2f, CSR checks %.2f, CA signatures "
                            + "%.2f, server-auth handshakes %.2f, mutual handshakes %.2f (%d chain checks, %d expected)",
                    floor.total(), floor.keyGeneration(), floor.csrSigning(), floor.csrVerification(),
                    floor.caSigning(), floor.serverAuthHandshakes(), floor.mutualHandshakes(),
                    floor.handshakesChecked(), floor.checksExpected());
            line(out, "  floor CPU            %8.2f s   %8.1f ms per node", floor.cpuSeconds(), floor.cpuSeconds() * 1e3 / n);
            line(out, "  full flow            %8.2f x the floor (wall), %.2f x its CPU", wall / floor.total(),
                    result.cpuNanos() / 1e9 / floor.cpuSeconds());
        }
        List<String> failures = result.failures();
        if (failures.isEmpty()) {
            line(out, "  correctness          ok: %d kubelets with exactly one client certificate%s, %d CSRs each signed "
                            + "once, %d watch events all %s", n, child ? " (issued CSRs per node, from the store)" : "",
                    m.signedPerCsr().size(), result.watches().handed(),
                    child ? "written to their streams (the kubelets' receipt is not counted across processes)"
                            : "delivered");
        } else {
            failures.forEach(f -> line(out, "  FAILED               %s", f));
        }
        if (result.errorCount() > 0) {
            line(out, "  component errors     %d logged; first ones:", result.errorCount());
            result.errorLines().forEach(e -> line(out, "    %s", e));
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
