package io.bootsim.scenario.report;

import io.bootsim.scenario.ScenarioParser;
import io.bootsim.scenario.run.ScenarioResult;
import io.bootsim.scenario.run.ScenarioRunner;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTML report: self-contained, deterministic, and rendered by a real browser with its diagram. */
class HtmlReportTest {

    private static ScenarioResult seed;
    private static String page;

    @BeforeAll
    static void run() throws Exception {
        seed = new ScenarioRunner().run(ScenarioParser.parse(Path.of("suite", "seed-flow-1.33.yaml")));
        page = HtmlReport.page(seed, "index.html");
    }

    @Test
    void thePageIsSelfContained() {
        Matcher urls = Pattern.compile("(?:src|href)=\"([^\"#]*)\"|url\\((?!#)").matcher(page);
        while (urls.find()) {
            assertEquals("index.html", urls.group(1), "only the link back to the index leaves the page");
        }
        assertFalse(page.contains("<script"));
        assertFalse(page.contains("@import"));
    }

    @Test
    void thePageHasTheDiagramTimelineOutcomeAndKubectlOutput() {
        assertTrue(page.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sequence\""));
        for (String lane : List.of(">kubelet/node-0<", ">kube-apiserver<", ">kube-controller-manager<", ">admin (kubectl)<")) {
            assertTrue(page.contains(lane), lane);
        }
        assertTrue(page.contains("POST certificatesigningrequests \u2192 201"), "an arrow with method, path and status");
        assertTrue(page.contains("RBAC: allowed by ClusterRoleBinding &quot;kubelet-bootstrap&quot;"), "a decision note");
        assertTrue(page.contains("<li id=\"step-1\">"));
        assertTrue(page.contains("<h3>Bootstrapped</h3>"));
        assertTrue(page.contains("$ kubectl get csr\nNAME "));
        assertFalse(page.contains("5b1d9e3f7a2c4e6b8d0f1a3c5e7b9d2f"), "no token in full");
    }

    @Test
    void theSameResultGivesTheSameBytes() {
        assertEquals(page, HtmlReport.page(seed, "index.html"));
    }

    @Test
    void aRunWritesAPagePerScenarioAndAnIndex(@TempDir Path dir) throws IOException {
        HtmlReport.write(dir, List.of(seed));
        assertTrue(Files.readString(dir.resolve("index.html")).contains("<a href=\"seed-flow-1.33.html\">seed-flow-1.33</a>"));
        assertEquals(page, Files.readString(dir.resolve("seed-flow-1.33.html")));
    }

    @Test
    void headlessChromiumRendersThePageWithTheDiagram(@TempDir Path dir) throws Exception {
        Optional<Path> chromium = chromium();
        if (chromium.isEmpty()) {
            System.out.println("HtmlReportTest: skipped: no chromium on PATH (.ci/run installs Debian's chromium)");
            Assumptions.abort("no chromium on PATH");
        }
        Path html = dir.resolve("seed-flow-1.33.html");
        Files.writeString(html, page);
        Path png = dir.resolve("page.png");
        Result shot = chromium(chromium.get(), dir, "--screenshot=" + png, "--window-size=1400,2000", html.toUri().toString());
        assertTrue(Files.isRegularFile(png) && Files.size(png) > 10_000, "screenshot: " + shot);
        Result dom = chromium(chromium.get(), dir, "--dump-dom", html.toUri().toString());
        assertTrue(dom.stdout().contains("<svg"), "the SVG is in the rendered DOM: " + dom);
        assertTrue(dom.stdout().contains("id=\"row-1\""), dom.stdout().length() + " chars");
    }

    private static Optional<Path> chromium() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    private static Result chromium(Path binary, Path dir, String... args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(dir, "profile");
        List<String> command = new java.util.ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + profile));
        command.addAll(List.of(args));
        Path out = dir.resolve("out-" + System.nanoTime());
        Path err = dir.resolve("err-" + System.nanoTime());
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 90s: " + Files.readString(err));
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }
}
