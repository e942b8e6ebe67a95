package io.bootsim.core.kubeconfig;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The installed kubectl 1.33 (beside the gcloud dispatcher); tests using it are skipped, with the reason, when it is absent. */
final class RealKubectl {

    private RealKubectl() {
    }

    record Result(int exitCode, String stdout, String stderr) {
    }

    static Path binary() {
        Path found = locate();
        Assumptions.assumeTrue(found != null, "kubectl.1.33 not installed beside kubectl on PATH; skipping real-kubectl check");
        return found;
    }

    private static Path locate() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path kubectl = Path.of(dir, "kubectl");
            if (Files.isExecutable(kubectl)) {
                try {
                    Path versioned = kubectl.toRealPath().resolveSibling("kubectl.1.33");
                    if (Files.isExecutable(versioned)) {
                        return versioned;
                    }
                } catch (IOException e) {
                    return null;
                }
            }
        }
        return null;
    }

    static Result run(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(binary().toString());
        command.addAll(List.of(args));
        Path out = workDir.resolve(".kubectl.out");
        Path err = workDir.resolve(".kubectl.err");
        Process p = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("kubectl did not finish: " + command);
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
