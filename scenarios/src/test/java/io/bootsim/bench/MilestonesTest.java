package io.bootsim.bench;

import io.bootsim.core.trace.TraceEvent;
import io.bootsim.core.trace.TraceSink;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MilestonesTest {

    private static void authenticated(TraceSink apiserver, String user, String request) {
        apiserver.record(TraceEvent.of(Instant.EPOCH, "kube-apiserver", "authentication", "request", request,
                "result", "authenticated", "user", user));
    }

    @Test
    void requestsOfOneKindFromDifferentNodesCountTogether() {
        Milestones m = new Milestones(2, true, true, 0);
        TraceSink apiserver = m.apiserver();
        authenticated(apiserver, "system:bootstrap:abcdef", "GET /apis/certificates.k8s.io/v1/certificatesigningrequests"
                + "?fieldSelector=metadata.name%3Dnode-csr-Xy_9a&limit=500");
        authenticated(apiserver, "system:bootstrap:abcdef", "GET /apis/certificates.k8s.io/v1/certificatesigningrequests"
                + "?fieldSelector=metadata.name%3Dnode-csr-Qq-2b&limit=500");
        authenticated(apiserver, "system:node:node-0", "GET /api/v1/nodes/node-0?resourceVersion=0&timeout=10s");
        authenticated(apiserver, "system:node:node-1", "GET /api/v1/nodes/node-1?resourceVersion=0&timeout=10s");

        Map<String, Integer> kinds = new TreeMap<>();
        m.requestKinds().forEach((k, v) -> kinds.put(k, v.get()));
        assertEquals(Map.of(
                "system:bootstrap:N GET /apis/certificates.k8s.io/v1/certificatesigningrequests"
                        + "?fieldSelector=metadata.name%3Dnode-csr-N&limit=500", 2,
                "system:node:node-N GET /api/v1/nodes/node-N?resourceVersion=N&timeout=10s", 2), kinds);
        assertEquals(4, m.requests());
    }

    @Test
    void requestsAfterTheEndAreNotCounted() {
        Milestones m = new Milestones(1, true, true, 0);
        authenticated(m.apiserver(), "system:node:node-0", "GET /api/v1/nodes/node-0");
        m.kubelet(0).record(TraceEvent.of(Instant.EPOCH, "kubelet/node-0", "http.request", "code", 0,
                "error", "dial tcp 127.0.0.1:6443: connect: connection refused"));
        m.end();
        authenticated(m.apiserver(), "system:node:node-0", "GET /api/v1/nodes/node-0");
        m.kubelet(0).record(TraceEvent.of(Instant.EPOCH, "kubelet/node-0", "http.request", "code", 0,
                "error", "executor not accepting a task"));

        assertEquals(1, m.requests());
        assertEquals(Map.of("dial tcp 127.0.0.1:PORT: connect: connection refused", 1),
                Map.copyOf(new TreeMap<>(m.unanswered()).entrySet().stream()
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()))));
    }
}
