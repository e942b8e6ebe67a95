package io.bootsim.scenario.run;

import java.time.Instant;

/** One kubectl command of a run, as the admin saw it. */
public record KubectlRun(Instant time, String command, int exitCode, String stdout, String stderr) {
}
