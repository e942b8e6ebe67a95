package io.bootsim.e2e.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A bootsim component started as its own process, as a user starts the real binary: same JVM
 * binary and class path as the test, output captured to a file the test can read.
 */
public final class BootsimProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private BootsimProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code component}; its output goes to COMPONENT.log in {@code workDir}, or COMPONENT-2.log
     * ... when an earlier run of the same component (a restart, a second kubelet) wrote that file.
     */
    public static BootsimProcess start(Path workDir, String component, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.bootsim.cli.Bootsim");
        command.add(component);
        command.addAll(args);
        Path log = workDir.resolve(component + ".log");
        for (int run = 2; Files.exists(log); run++) {
            log = workDir.resolve(component + "-" + run + ".log");
        }
        Process process = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new BootsimProcess(process, log);
    }

    /** A free loopback port, for components that must be told theirs up front. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Waits until the output contains {@code text}; fails with the output if the process exits first. */
    public void awaitOutput(String text, Duration timeout) throws IOException, InterruptedException {
        await(out -> out.contains(text), timeout, "\"" + text + "\"");
    }

    public void await(Predicate<String> condition, Duration timeout, String what) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (condition.test(output())) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("process exited with " + process.exitValue() + " before " + what + ":\n" + output());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out after " + timeout + " waiting for " + what + ":\n" + output());
    }

    public String output() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Waits for the process to exit on its own and returns its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("process still running after " + timeout);
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
