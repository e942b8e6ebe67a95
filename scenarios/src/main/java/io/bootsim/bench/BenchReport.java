package io.bootsim.bench;

import java.util.List;
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
        line(out, "bootsim bench: %d nodes, CA %s, Kubernetes %s, %s, live (wall clock), TLS: %s clients, "
                        + "JDK server", n, spec.ca(), spec.version(),
                spec.throttled() ? "client-side rate limits as upstream" : "unthrottled", spec.tls().flagValue());
        line(out, "  all Ready            %8.2f s   %8.1f nodes/s", wall, n / wall);
        line(out, "  to client cert       p50 %8.0f ms   p99 %8.0f ms", StampedeResult.percentile(certs, 0.5),
                StampedeResult.percentile(certs, 0.99));
        line(out, "  to Ready             p50 %8.0f ms   p99 %8.0f ms   (Node%s stored)",
                StampedeResult.percentile(ready, 0.5), StampedeResult.percentile(ready, 0.99),
                spec.leases() ? " and first Lease" : "");
        Milestones m = result.milestones();
        double signing = m.signingSpan() / 1e9;
        line(out, "  CSRs                 %8d signed   %8.1f CSRs/s (first CSR stored to last certificate issued)",
                m.signedPerCsr().size(), signing > 0 ? m.signedPerCsr().size() / signing : 0.0);
        line(out, "  requests             %8d          %8.1f requests/s", m.requests(), m.requests() / wall);
        long retained = result.heapAfter() - result.heapBefore();
        line(out, "  heap                 peak %.0f MiB; retained after all Ready %.1f MiB = %.1f KiB per node "
                        + "(control plane and kubelet together, after a GC)", result.peakHeap() / MIB, retained / MIB,
                retained / 1024.0 / n);
        if (floor != null) {
            line(out, "  crypto floor         %8.2f s   keys %.2f, CSR signatures %.2f, CSR checks %.2f, CA signatures "
                            + "%.2f, server-auth handshakes %.2f, mutual handshakes %.2f (%d chain checks, %d expected)",
                    floor.total(), floor.keyGeneration(), floor.csrSigning(), floor.csrVerification(),
                    floor.caSigning(), floor.serverAuthHandshakes(), floor.mutualHandshakes(),
                    floor.handshakesChecked(), floor.checksExpected());
            line(out, "  full flow            %8.2f x the floor", wall / floor.total());
        }
        List<String> failures = result.failures();
        if (failures.isEmpty()) {
            line(out, "  correctness          ok: %d kubelets with exactly one client certificate, %d CSRs each signed "
                            + "once, %d watch events all delivered", n, m.signedPerCsr().size(),
                    result.watches().handed());
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
