package io.bootsim.core.trace;

import io.bootsim.core.time.Clock;

/** A component's handle on the trace: stamps events with its name and its (possibly skewed) clock. */
public final class Tracer {

    private final String component;
    private final Clock clock;
    private final TraceSink sink;

    public Tracer(String component, Clock clock, TraceSink sink) {
        this.component = component;
        this.clock = clock;
        this.sink = sink;
    }

    public static Tracer discard(String component) {
        return new Tracer(component, Clock.system(), TraceSink.discard());
    }

    public String component() {
        return component;
    }

    /** Emits an event from alternating keys and values. */
    public TraceEvent emit(String type, Object... keyValues) {
        TraceEvent event = TraceEvent.of(clock.now(), component, type, keyValues);
        sink.record(event);
        return event;
    }
}
