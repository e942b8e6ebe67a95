package io.bootsim.cli;

import io.bootsim.e2e.support.Kubectl;
import io.bootsim.scenario.world.LiveCluster;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** `bootsim serve`: the seed's cluster live, poked with real kubectl through the printed kubeconfig. */
class ServeCommandTest {

    @Test
    void realKubectlSeesTheNodeRegisterAndItsServingCsrPending(@TempDir Path home) throws Exception {
        Optional<Path> binary = Kubectl.build("1.33");
        if (binary.isEmpty()) {
            System.out.println("ServeCommandTest: skipped: kubectl.1.33 is not installed beside kubectl");
            Assumptions.abort("no kubectl.1.33");
        }
        ServeCommand serve = new ServeCommand();
        serve.scenario = Path.of("suite", "seed-flow-1.33.yaml");
        serve.port = 0; // a free port: tests run side by side
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        LiveCluster cluster = serve.start(out, out).orElseThrow(() -> new AssertionError(printed.toString(StandardCharsets.UTF_8)));
        try (cluster) {
            String text = printed.toString(StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("kubeconfig: (\\S+)").matcher(text);
            assertTrue(m.find(), text);
            assertTrue(text.contains("kube-apiserver: https://127.0.0.1:" + cluster.port()), text);
            Path cache = Files.createDirectories(home.resolve("cache"));
            Kubectl kubectl = Kubectl.of(binary.get(), Path.of(m.group(1)), cache);
            String nodes = poll(kubectl, "node-0", "get", "nodes");
            assertTrue(nodes.contains("node-0"), nodes);
            String csrs = poll(kubectl, "system:node:node-0", "get", "csr");
            assertTrue(csrs.matches("(?s).*kubelet-bootstrap +\\S+ +Approved,Issued.*"), csrs);
            assertTrue(csrs.matches("(?s).*system:node:node-0 +\\S+ +Pending.*"), csrs);
        }
    }

    /** kubectl's output once it contains {@code wanted}; the live cluster runs on the wall clock. */
    private static String poll(Kubectl kubectl, String wanted, String... args) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        Kubectl.Result r = kubectl.run(args);
        while (!r.stdout().contains(wanted) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            r = kubectl.run(args);
        }
        return r.stdout() + r.stderr();
    }
}
