package io.bootsim.scenario.report;

import io.bootsim.core.trace.TraceEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the trace becomes beats: requests from both ends, kubectl commands, folding. Synthetic traces. */
class WalkthroughTest {

    private static final Instant T0 = Instant.parse("2018-01-01T00:00:00Z");
    private static final String CSRS = "/apis/certificates.k8s.io/v1/certificatesigningrequests";

    @Test
    void aRequestIsToldOnceWithTheClientsStatusAndTheApiserversDecisions() {
        List<TraceEvent> events = new ArrayList<>(createCsr(T0, 201, true));
        List<Walkthrough.Beat> beats = Walkthrough.of(events);
        assertEquals(1, beats.size());
        Exchange x = assertInstanceOf(Walkthrough.Request.class, beats.get(0)).exchange();
        assertEquals("kubelet/node-0", x.from());
        assertEquals(201, x.code());
        assertEquals("kubelet-bootstrap", x.server("authorization").orElseThrow().field("user"));
        assertEquals("csr-abcde", x.server("storage").orElseThrow().field("name"));
    }

    @Test
    void aRetryLoopIsToldOnceAndCountedAfterwards() {
        List<TraceEvent> events = new ArrayList<>();
        for (int attempt = 1; attempt <= 7; attempt++) {
            Instant t = T0.plusSeconds(attempt * 10L);
            events.addAll(createCsr(t, 403, false));
            events.add(TraceEvent.of(t, "kubelet/node-0", "kubelet.certificate.phase", "store", "kubelet-client",
                    "from", "REQUESTING", "to", "BACKING_OFF", "reason", "attempt " + attempt + " failed, next in " + attempt + "s"));
        }
        List<Walkthrough.Beat> beats = Walkthrough.of(events);
        assertEquals(3, beats.size(), beats.toString());
        Walkthrough.Folded folded = assertInstanceOf(Walkthrough.Folded.class, beats.get(2));
        assertEquals(12, folded.total());
        assertEquals(6, folded.counts().get("POST certificatesigningrequests \u2192 403"));
        assertEquals(T0.plusSeconds(70), folded.until());
    }

    @Test
    void aKubectlCommandCarriesItsRequestsAndItsOutput() {
        List<TraceEvent> events = new ArrayList<>();
        events.add(authn(T0, "GET /api?timeout=32s", "admin"));
        events.add(client(T0, "kubectl", "GET", "/api?timeout=32s", 200));
        events.add(authn(T0, "GET " + CSRS + "?limit=500", "admin"));
        events.add(client(T0, "kubectl", "GET", CSRS + "?limit=500", 200));
        events.add(TraceEvent.of(T0, "scenario", "kubectl", "command", "kubectl get csr", "exitCode", 0,
                "stdout", "No resources found\n", "stderr", ""));
        List<Walkthrough.Beat> beats = Walkthrough.of(events);
        assertEquals(1, beats.size());
        Walkthrough.Command c = assertInstanceOf(Walkthrough.Command.class, beats.get(0));
        assertEquals("kubectl get csr", c.line());
        assertEquals(2, c.exchanges().size());
        assertTrue(Walkthrough.discovery(c.exchanges().get(0)));
    }

    @Test
    void informersListingAndWatchingAreFoldedPerComponent() {
        List<TraceEvent> events = new ArrayList<>();
        for (String path : List.of("/api/v1/nodes", CSRS, "/api/v1/nodes?watch=true&resourceVersion=3", CSRS + "?watch=true")) {
            events.add(authn(T0, "GET " + path, "system:kube-controller-manager"));
            events.add(client(T0, "kube-controller-manager", "GET", path, 200));
        }
        List<Walkthrough.Beat> beats = Walkthrough.of(events);
        assertEquals(1, beats.size());
        assertEquals(List.of("list nodes", "list certificatesigningrequests", "watch nodes", "watch certificatesigningrequests"),
                List.copyOf(assertInstanceOf(Walkthrough.Folded.class, beats.get(0)).counts().keySet()));
    }

    private static List<TraceEvent> createCsr(Instant t, int code, boolean allowed) {
        List<TraceEvent> events = new ArrayList<>();
        events.add(authn(t, "POST " + CSRS, "kubelet-bootstrap"));
        events.add(TraceEvent.of(t, "kube-apiserver", "authorization", "request", "POST " + CSRS, "user",
                "kubelet-bootstrap", "verb", "create", "allowed", allowed, "chain", allowed
                        ? "Node: no opinion, RBAC: allowed by ClusterRoleBinding \"kubelet-bootstrap\""
                        : "Node: no opinion, RBAC: no opinion"));
        if (allowed) {
            events.add(TraceEvent.of(t, "kube-apiserver", "storage", "action", "created", "resource",
                    "certificatesigningrequests.certificates.k8s.io", "namespace", "", "name", "csr-abcde",
                    "resourceVersion", "40"));
        }
        events.add(client(t, "kubelet/node-0", "POST", CSRS, code));
        return events;
    }

    private static TraceEvent authn(Instant t, String request, String user) {
        return TraceEvent.of(t, "kube-apiserver", "authentication", "request", request, "result", "authenticated",
                "authenticator", "token-file", "user", user, "groups", List.of("system:authenticated"),
                "steps", List.of("token-file 0f3a7c...: user " + user));
    }

    private static TraceEvent client(Instant t, String component, String method, String path, int code) {
        return TraceEvent.of(t, component, "http.request", "method", method, "path", path, "code", code, "token", "0f3a7c...");
    }
}
