package io.bootsim.core.log;

import io.bootsim.core.time.VirtualClock;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KlogTest {

    @Test
    void linesAtAVerbosityAboveTheFlagAreNotWritten() {
        List<LogLine> lines = new ArrayList<>();
        Klog klog = new Klog("kube-apiserver", new VirtualClock(Instant.parse("2018-01-02T15:04:05.123456Z")), 2, lines::add);
        klog.infoV(2, "rbac.go:116", "RBAC DENY: user \"system:node:n1\" groups [\"system:nodes\"]");
        klog.infoV(5, "rbac.go:116", "too verbose");
        klog.warning("server.go:10", "careful");
        assertEquals(List.of(
                "I0102 15:04:05.123456       1 rbac.go:116] RBAC DENY: user \"system:node:n1\" groups [\"system:nodes\"]",
                "W0102 15:04:05.123456       1 server.go:10] careful"),
                lines.stream().map(LogLine::format).toList());
    }
}
