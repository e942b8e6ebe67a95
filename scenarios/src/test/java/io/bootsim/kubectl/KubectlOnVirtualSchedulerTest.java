package io.bootsim.kubectl;

import io.bootsim.core.time.VirtualClock;
import io.bootsim.core.time.VirtualScheduler;
import io.bootsim.core.trace.Tracer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * How the scenario runner drives the built-in kubectl: call run on the scheduler, drive the
 * VirtualScheduler, read the result the callback delivered. These runs end before any request.
 */
class KubectlOnVirtualSchedulerTest {

    private static KubectlResult run(Path dir, String... argv) {
        VirtualScheduler scheduler = new VirtualScheduler(new VirtualClock(Instant.parse("2026-01-01T00:00:00Z")));
        Kubectl kubectl = new Kubectl(new KubectlEnvironment(scheduler, null, Tracer.discard("kubectl"), dir,
                dir.resolve("admin.kubeconfig")));
        AtomicReference<KubectlResult> result = new AtomicReference<>();
        scheduler.execute(() -> kubectl.run(List.of(argv), r -> {
            assertNull(result.get(), "done is called once");
            result.set(r);
        }));
        scheduler.runUntilIdle();
        return result.get();
    }

    @Test
    void unknownFlagIsPflagsErrorWithTheUsageHint(@TempDir Path dir) {
        assertEquals(new KubectlResult(1, "", "error: unknown flag: --frob\nSee 'kubectl get --help' for usage.\n"),
                run(dir, "kubectl", "get", "csr", "--frob"));
    }

    @Test
    void unknownCommandIsCobrasError(@TempDir Path dir) {
        assertEquals(new KubectlResult(1, "", "error: unknown command \"frob\" for \"kubectl\"\n"), run(dir, "frob"));
    }

    @Test
    void aRealCommandThatIsNotBuiltInSaysSo(@TempDir Path dir) {
        assertEquals(new KubectlResult(1, "", "error: \"kubectl logs\" is not built into bootsim's kubectl\n"),
                run(dir, "logs", "x"));
    }

    @Test
    void aMissingKubeconfigIsClientGosStatError(@TempDir Path dir) {
        KubectlResult r = run(dir, "get", "csr", "--kubeconfig", "nope.kubeconfig");
        assertEquals(1, r.exitCode());
        assertEquals("error: stat " + dir.resolve("nope.kubeconfig") + ": no such file or directory\n", r.stderr());
    }

    @Test
    void aKubeconfigWithoutServerIsAConfigurationError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("admin.kubeconfig"), "apiVersion: v1\nkind: Config\n");
        KubectlResult r = run(dir, "version", "--client=false");
        assertEquals(1, r.exitCode());
        assertEquals("Error in configuration: no configuration has been provided, try setting KUBERNETES_MASTER "
                + "environment variable\n", r.stderr());
    }

    @Test
    void clientVersionNeedsNoServer(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("admin.kubeconfig"), "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n"
                + "  cluster:\n    server: https://127.0.0.1:1\ncontexts:\n- name: c\n  context:\n    cluster: c\n"
                + "current-context: c\n");
        assertEquals(new KubectlResult(0, "Client Version: v1.33.1\nKustomize Version: v5.6.0\n", ""),
                run(dir, "version", "--client"));
    }
}
