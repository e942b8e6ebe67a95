package io.bootsim.kubectl;

import io.bootsim.core.flags.FlagSet;
import io.bootsim.core.flags.ParsedFlags;

import java.util.List;

/** One kubectl command: its flags besides the global ones, and what it does with its arguments. */
interface Subcommand {

    /** The command path after "kubectl", e.g. {@code create clusterrolebinding}. */
    String name();

    void declare(FlagSet flags);

    /** Runs on the scheduler; ends by calling {@link Invocation#finish} or {@link Invocation#fail}. */
    void run(Invocation run, ParsedFlags flags, List<String> args);
}
