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
}
