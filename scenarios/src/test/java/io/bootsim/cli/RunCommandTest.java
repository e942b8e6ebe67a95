package io.bootsim.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A run that would run nothing is a usage error, so that a CI job with a mistyped filter or path fails. */
class RunCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return Bootsim.commandLine().execute(args);
        } finally {
            System.setErr(old);
        }
    }

    @Test
    void aFilterThatMatchesNoScenarioExits2() {
        assertEquals(2, run("run", "--filter", "no-such-scenario", "suite"));
        assertEquals("bootsim run: no scenario's name contains \"no-such-scenario\" (--filter)\n",
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aDirectoryWithoutScenariosExits2() {
        assertEquals(2, run("run", dir.toString()));
        assertEquals("bootsim run: no scenario files (*.yaml) in [" + dir + "]\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void noJobsAtAllIsAUsageError() {
        assertEquals(2, run("run", "--jobs", "0", "suite"));
        assertEquals("bootsim run: --jobs must be at least 1, got 0\n", err.toString(StandardCharsets.UTF_8));
    }
}
