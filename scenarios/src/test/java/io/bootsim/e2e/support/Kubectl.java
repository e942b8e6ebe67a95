package io.bootsim.e2e.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The real kubectl builds installed beside the machine's kubectl dispatcher (kubectl.1.27 ...
 * kubectl.1.33), run with their own discovery cache directory so that no state leaks between
 * servers (kubectl caches discovery per host:port for hours).
 */
public final class Kubectl {

    private final Path binary;
    private final Path kubeconfig;
    private final Path cacheDir;

    private Kubectl(Path binary, Path kubeconfig, Path cacheDir) {
        this.binary = binary;
        this.kubeconfig = kubeconfig;
        this.cacheDir = cacheDir;
    }

    /** The build for a minor version, if installed. */
    public static Optional<Path> build(String minor) {
        Optional<Path> dispatcher = dispatcher();
        if (dispatcher.isEmpty()) {
            return Optional.empty();
        }
        Path build = dispatcher.get().resolveSibling("kubectl." + minor);
        return Files.isExecutable(build) ? Optional.of(build) : Optional.empty();
    }

    private static Optional<Path> dispatcher() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                try {
                    return Optional.of(candidate.toRealPath());
                } catch (IOException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    public static Kubectl of(Path binary, Path kubeconfig, Path cacheDir) {
        return new Kubectl(binary, kubeconfig, cacheDir);
    }

    public Kubectl withKubeconfig(Path other) {
        return new Kubectl(binary, other, cacheDir);
    }

    /** Runs kubectl with the given arguments; bounded to 60 seconds. */
    public Result run(String... args) throws IOException, InterruptedException {
        return runWithInput(null, args);
    }

    public Result runWithInput(String stdin, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile("kubectl-out", ".txt");
        Path err = Files.createTempFile("kubectl-err", ".txt");
        Process process = launch(out, err, args);
        if (stdin != null) {
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish in 60s");
        }
        Result result = new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return result;
    }

    private Process launch(Path out, Path err, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.add("--kubeconfig=" + kubeconfig);
        command.add("--cache-dir=" + cacheDir);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("HOME", cacheDir.getParent().toString());
        return builder.start();
    }

    /** Starts a kubectl that runs until stopped ({@code get -w}); close() ends it. */
    public Running start(String... args) throws IOException {
        Path out = Files.createTempFile("kubectl-out", ".txt");
        Path err = Files.createTempFile("kubectl-err", ".txt");
        return new Running(launch(out, err, args), out, err);
    }

    /** A kubectl still running, whose output so far can be read. */
    public static final class Running implements AutoCloseable {
        private final Process process;
        private final Path out;
        private final Path err;

        private Running(Process process, Path out, Path err) {
            this.process = process;
            this.out = out;
            this.err = err;
        }

        /** Waits (up to 30 s) until stdout satisfies {@code condition} and returns it; fails with the output otherwise. */
        public String awaitStdout(Predicate<String> condition) throws IOException, InterruptedException {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (Instant.now().isBefore(deadline)) {
                String stdout = Files.readString(out);
                if (condition.test(stdout)) {
                    return stdout;
                }
                if (!process.isAlive() && !condition.test(Files.readString(out))) {
                    throw new AssertionError("kubectl exited with " + process.exitValue() + ":\n" + stdout + Files.readString(err));
                }
                Thread.sleep(100);
            }
            throw new AssertionError("kubectl output never satisfied the condition:\n" + Files.readString(out) + Files.readString(err));
        }

        @Override
        public void close() throws IOException, InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Writes a kubeconfig with kubectl's own config commands, as a user would. */
    public static void writeKubeconfig(Path kubectlBinary, Path file, String server, Path caFile, String user,
                                       List<String> credentialFlags) throws IOException, InterruptedException {
        Kubectl k = new Kubectl(kubectlBinary, file, file.resolveSibling("cache"));
        List<String> cluster = new ArrayList<>(List.of("config", "set-cluster", "test", "--server=" + server));
        if (caFile == null) {
            cluster.add("--insecure-skip-tls-verify=true");
        } else {
            cluster.add("--certificate-authority=" + caFile);
            cluster.add("--embed-certs=true");
        }
        k.check(cluster.toArray(String[]::new));
        List<String> credentials = new ArrayList<>(List.of("config", "set-credentials", user));
        credentials.addAll(credentialFlags);
        k.check(credentials.toArray(String[]::new));
        k.check("config", "set-context", "test", "--cluster=test", "--user=" + user);
        k.check("config", "use-context", "test");
    }

    /** Runs and fails the test unless kubectl exits 0. */
    public String check(String... args) throws IOException, InterruptedException {
        Result r = run(args);
        if (r.exitCode() != 0) {
            throw new AssertionError("kubectl " + String.join(" ", args) + " failed (" + r.exitCode() + "):\n"
                    + r.stdout() + r.stderr());
        }
        return r.stdout();
    }

    /**
     * Runs kubectl every 300 ms until its stdout satisfies {@code condition} (bounded to 60 s) and
     * returns that stdout; fails with the last output otherwise.
     */
    public String await(Predicate<String> condition, String... args) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            Result r = run(args);
            last = r.stdout() + r.stderr();
            if (condition.test(r.stdout())) {
                return r.stdout();
            }
            Thread.sleep(300);
        }
        throw new AssertionError("kubectl " + String.join(" ", args) + " never satisfied the condition; last:\n" + last);
    }

    public record Result(int exitCode, String stdout, String stderr) {
    }
}
