package io.bootsim.core.trace;

import org.junit.jupiter.api.Test;

import javax.crypto.spec.SecretKeySpec;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class JsonLinesTest {

    private static final Instant T = Instant.parse("2018-01-01T00:00:00Z");

    @Test
    void fieldsKeepTheOrderTheyWereGivenIn() {
        TraceEvent event = TraceEvent.of(T, "kube-apiserver", "authorization", "user", "kubelet-bootstrap",
                "verb", "create", "allowed", true, "groups", List.of("system:node-bootstrapper"));
        assertEquals("{\"time\":\"2018-01-01T00:00:00Z\",\"component\":\"kube-apiserver\",\"type\":\"authorization\","
                + "\"user\":\"kubelet-bootstrap\",\"verb\":\"create\",\"allowed\":true,"
                + "\"groups\":[\"system:node-bootstrapper\"]}", JsonLines.format(event));
    }

    @Test
    void tokensAppearOnlyAsTheirFirstSixCharacters() {
        String token = "07401b6f3d4b4e1e9a9c8b7a6f5e4d3c";
        String line = JsonLines.format(TraceEvent.of(T, "kube-apiserver", "authentication", "token", Secret.token(token)));
        assertEquals("{\"time\":\"2018-01-01T00:00:00Z\",\"component\":\"kube-apiserver\",\"type\":\"authentication\","
                + "\"token\":\"07401b...\"}", line);
        assertFalse(line.contains(token));
        assertEquals("...", Secret.token("abc").toString());
    }

    @Test
    void keysAreNeverWrittenWhateverACallerPasses() {
        String line = JsonLines.format(TraceEvent.of(T, "kubelet", "key", "key",
                new SecretKeySpec(new byte[] {1, 2, 3}, "AES")));
        assertEquals("{\"time\":\"2018-01-01T00:00:00Z\",\"component\":\"kubelet\",\"type\":\"key\","
                + "\"key\":\"[private key]\"}", line);
    }

    @Test
    void theSinkWritesOneLinePerEventAndTheDigestFollowsTheBytes() {
        StringWriter out = new StringWriter();
        JsonLines sink = new JsonLines(out);
        MemoryTrace a = new MemoryTrace();
        MemoryTrace b = new MemoryTrace();
        for (TraceEvent e : List.of(TraceEvent.of(T, "c", "one"), TraceEvent.of(T, "c", "two", "n", 2))) {
            sink.record(e);
            a.record(e);
            b.record(e);
        }
        assertEquals(2, out.toString().split("\n").length);
        assertEquals(a.digest(), b.digest());
        b.record(TraceEvent.of(T, "c", "three"));
        assertNotEquals(a.digest(), b.digest());
    }
}
