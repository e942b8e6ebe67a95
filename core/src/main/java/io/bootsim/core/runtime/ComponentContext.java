package io.bootsim.core.runtime;

import io.bootsim.core.log.Klog;
import io.bootsim.core.log.LogLine;
import io.bootsim.core.random.RandomStreams;
import io.bootsim.core.time.Clock;
import io.bootsim.core.time.ExecutorScheduler;
import io.bootsim.core.time.Scheduler;
import io.bootsim.core.trace.TraceSink;
import io.bootsim.core.trace.Tracer;

import java.util.function.Consumer;

/**
 * Everything a component receives instead of reaching for it: its clock (possibly skewed), the
 * scheduler its logic runs on, its own random streams, its trace and its klog-style log. The
 * simulated runner builds these on the virtual clock and one shared deterministic scheduler; live
 * mode builds them on the wall clock and one executor per component.
 */
public record ComponentContext(String component, Clock clock, Scheduler scheduler, RandomStreams random,
                               Tracer tracer, Klog log) {

    /**
     * A context over the given scheduler, with the component's random streams named after it and
     * its log at verbosity {@code v}.
     */
    public static ComponentContext of(String component, Clock clock, Scheduler scheduler, RandomStreams random,
                                      TraceSink trace, int v, Consumer<LogLine> logs) {
        return new ComponentContext(component, clock, scheduler, random.child(component),
                new Tracer(component, clock, trace), new Klog(component, clock, v, logs));
    }

    /** Live mode: wall clock, real entropy, one executor thread for this component, logs to stderr. */
    public static ComponentContext live(String component, int v, TraceSink trace) {
        Clock clock = Clock.system();
        return of(component, clock, new ExecutorScheduler(component, clock), RandomStreams.secure(), trace, v,
                line -> System.err.println(line.format()));
    }

    /** The same component with its log at another verbosity (set once flags are parsed). */
    public ComponentContext withVerbosity(int v, Consumer<LogLine> logs) {
        return new ComponentContext(component, clock, scheduler, random, tracer, new Klog(component, clock, v, logs));
    }
}
