package io.bootsim.kubectl;

/** What one kubectl invocation left behind, as a shell sees it. */
public record KubectlResult(int exitCode, String stdout, String stderr) {

    public boolean succeeded() {
        return exitCode == 0;
    }
}
