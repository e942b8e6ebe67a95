package io.bootsim.core.trace;

/** Where trace events go; sinks are called from one thread at a time per run. */
@FunctionalInterface
public interface TraceSink {

    void record(TraceEvent event);

    /** A sink that drops everything. */
    static TraceSink discard() {
        return e -> { };
    }

    /** Records to both sinks, this one first. */
    default TraceSink and(TraceSink other) {
        return e -> {
            record(e);
            other.record(e);
        };
    }
}
