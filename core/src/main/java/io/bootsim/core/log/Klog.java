package io.bootsim.core.log;

import io.bootsim.core.time.Clock;

import java.util.function.Consumer;

/**
 * A component's logger with klog's verbosity rule: {@code V(n)} lines appear only when the
 * component runs with {@code --v} of at least n, which is what decides whether users saw, for
 * example, the RBAC DENY flood of 1.9 at {@code --v=2}.
 */
public final class Klog {

    private final String component;
    private final Clock clock;
    private final int verbosity;
    private final Consumer<LogLine> sink;

    public Klog(String component, Clock clock, int verbosity, Consumer<LogLine> sink) {
        this.component = component;
        this.clock = clock;
        this.verbosity = verbosity;
        this.sink = sink;
    }

    public int verbosity() {
        return verbosity;
    }

    /** True when lines at this level are written. */
    public boolean v(int level) {
        return verbosity >= level;
    }

    public void info(String source, String message) {
        log(LogLine.Severity.INFO, source, message);
    }

    /** An info line written only at {@code --v=level} or higher. */
    public void infoV(int level, String source, String message) {
        if (v(level)) {
            log(LogLine.Severity.INFO, source, message);
        }
    }

    public void warning(String source, String message) {
        log(LogLine.Severity.WARNING, source, message);
    }

    public void error(String source, String message) {
        log(LogLine.Severity.ERROR, source, message);
    }

    /** klog.Fatal's line; exiting is the caller's part (the process exits 255). */
    public void fatal(String source, String message) {
        log(LogLine.Severity.FATAL, source, message);
    }

    private void log(LogLine.Severity severity, String source, String message) {
        sink.accept(new LogLine(clock.now(), component, severity, source, message));
    }
}
