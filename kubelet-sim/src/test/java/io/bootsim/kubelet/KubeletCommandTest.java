package io.bootsim.kubelet;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bootsim kubelet}'s own flags, as bootsim bench hands them to its child JVM. */
class KubeletCommandTest {

    @Test
    void anUnknownSimTlsIsRefusedBeforeAnyKubeletStarts() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = KubeletCommand.run(List.of("--sim-tls=boringssl", "--sim-nodes=2"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, code);
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("\"command failed\" err=\"unknown TLS implementation \"boringssl\": use jdk or openssl\""),
                text);
    }
}
