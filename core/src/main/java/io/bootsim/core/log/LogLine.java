package io.bootsim.core.log;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One component log line, kept as a value so scenarios can assert on it and views can print it
 * in klog's header format: {@code I0102 15:04:05.000000       1 rbac.go:116] message}.
 */
public record LogLine(Instant time, String component, Severity severity, String source, String message) {

    public enum Severity { INFO, WARNING, ERROR, FATAL }

    private static final DateTimeFormatter HEADER =
            DateTimeFormatter.ofPattern("MMdd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    // A fixed thread id: the real one is the pid, which would make traces differ between runs.
    private static final String THREAD_ID = "       1";

    /** The line as klog prints it (k8s.io/klog/v2 klog.go, formatHeader). */
    public String format() {
        return severity.name().charAt(0) + HEADER.format(time) + THREAD_ID + " " + source + "] " + message;
    }
}
