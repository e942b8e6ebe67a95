package io.bootsim.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line: usage errors exit 2, an empty root is a report (not a crash) and exits 1. */
class DiagnoseCommandTest {

    @TempDir
    Path dir;

    private int run(ByteArrayOutputStream out, String... args) {
        PrintStream old = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            return Bootsim.commandLine().execute(args);
        } finally {
            System.setOut(old);
        }
    }

    @Test
    void unknownFormatIsAUsageError() {
        assertEquals(2, run(new ByteArrayOutputStream(), "diagnose", "--root", dir.toString(), "--format", "xml"));
    }

    @Test
    void aRootWithoutComponentsIsReportedAsJson() throws Exception {
        Files.createDirectories(dir.resolve("etc"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(1, run(out, "diagnose", "--root", "empty=" + dir, "--format", "json"));
        String json = out.toString(StandardCharsets.UTF_8);
        assertTrue(json.contains("\"outcome\" : \"not run\"") && json.contains("no kube-apiserver command line"), json);
    }
}
