package io.bootsim.core.pki;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExternalToolTest {

    @Test
    void missingToolSkipsTheTestAndPrintsWhy() {
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true));
        try {
            TestAbortedException e = assertThrows(TestAbortedException.class,
                    () -> ExternalTool.require("no-such-tool-bootsim"));
            assertTrue(e.getMessage().contains("no-such-tool-bootsim is not installed"), e.getMessage());
        } finally {
            System.setOut(out);
        }
        assertTrue(printed.toString().startsWith("SKIPPED: no-such-tool-bootsim is not installed"), printed.toString());
    }
}
