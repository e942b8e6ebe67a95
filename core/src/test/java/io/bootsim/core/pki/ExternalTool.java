package io.bootsim.core.pki;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs openssl or cfssl for interop tests; a missing tool skips the test with a printed reason. */
final class ExternalTool {

    record Result(int exitCode, String stdout, String stderr) {
        Result ok() {
            if (exitCode != 0) {
                throw new AssertionError("exit " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr);
            }
            return this;
        }
    }

    private final Path binary;

    private ExternalTool(Path binary) {
        this.binary = binary;
    }

    /** The tool from /usr/bin, /usr/local/bin or PATH; skips the calling test when absent. */
    static ExternalTool require(String name) {
        List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/bin", name), Path.of("/usr/local/bin", name)));
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, name));
            }
        }
        for (Path p : candidates) {
            if (Files.isExecutable(p)) {
                return new ExternalTool(p);
            }
        }
        String reason = name + " is not installed (looked in /usr/bin, /usr/local/bin and PATH): interop test skipped";
        System.out.println("SKIPPED: " + reason);
        Assumptions.assumeTrue(false, reason);
        throw new IllegalStateException("unreachable");
    }

    Result run(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        Process process = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
