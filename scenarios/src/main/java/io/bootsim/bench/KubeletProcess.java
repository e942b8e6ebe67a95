package io.bootsim.bench;

import io.bootsim.core.http.TlsProvider;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The bench's kubelets in a child JVM, {@code bootsim kubelet --sim-nodes=N}, as a real cluster runs
 * its kubelets in processes apart from the apiserver: each process then holds only its own ends of
 * the connections. Its klog output goes to a file; its error lines are counted from it.
 */
final class KubeletProcess implements AutoCloseable {

    // klog's header: Lmmdd hh:mm:ss.uuuuuu threadid file:line]
    private static final Pattern ERROR_LINE = Pattern.compile("^[EF]\\d{4} ");

    private final Process process;
    private final Path log;
    // an interrupted bench (Ctrl-C) runs no finally blocks: without this the kubelets would outlive it
    private final Thread reaper;

    private KubeletProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.reaper = new Thread(process::destroyForcibly, "kubelet-process-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts N kubelets named node-0 ... with {@code flags} and {@code tls}'s clients, each under {@code nodes}/node-i. */
    static KubeletProcess start(int n, List<String> flags, TlsProvider tls, Path nodes, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(inheritedJvmOptions(ManagementFactory.getRuntimeMXBean().getInputArguments()));
        // the same key-exchange group as the control plane's side and the floor's handshakes
        command.add("-Djdk.tls.namedGroups=" + System.getProperty("jdk.tls.namedGroups", ""));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.bootsim.cli.Bootsim");
        command.add("kubelet");
        command.addAll(flags);
        command.add("--hostname-override=node"); // node-0 ... as Milestones names them
        command.add("--sim-nodes=" + n);
        command.add("--sim-root-dir=" + nodes);
        command.add("--sim-tls=" + tls.flagValue());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new KubeletProcess(process, log);
    }

    /**
     * Of this JVM's options, those the kubelets' JVM runs with too: the compilers (the launcher runs a
     * bench on the client compiler alone), the collector and its sizing, the heap limits and the
     * class-data archive of the same jar.
     * Not an agent, a log file or an archive to write: those are this process's own.
     */
    static List<String> inheritedJvmOptions(List<String> options) {
        return options.stream().filter(o -> o.startsWith("-XX:TieredStopAtLevel=") || o.matches("-XX:\\+Use\\w+GC")
                || o.startsWith("-XX:MaxTenuringThreshold=") || o.startsWith("-XX:SharedArchiveFile=")
                || o.startsWith("-Xlog:cds") || o.startsWith("-Xmx") || o.startsWith("-Xms") || o.startsWith("-Xmn"))
                .toList();
    }

    /** The exit code if the process has ended (a kubelet exited, and with it the process), else empty. */
    java.util.OptionalInt exitCode() {
        return process.isAlive() ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(process.exitValue());
    }

    /** CPU the child has used so far, user and system. */
    long cpuNanos() {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /** Error and fatal lines the kubelets logged, and the first {@code kept} of them. */
    int errors(List<String> first, int kept) throws IOException {
        int count = 0;
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (ERROR_LINE.matcher(line).find()) {
                    count++;
                    if (first.size() < kept) {
                        first.add("kubelet process: " + line);
                    }
                }
            }
        }
        return count;
    }

    @Override
    public void close() throws InterruptedException {
        Runtime.getRuntime().removeShutdownHook(reaper);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
