package io.bootsim.kubelet.certificate;

import io.bootsim.core.flags.GoDuration;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How Go's %v prints the durations and times the certificate manager logs. */
final class GoDurations {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSSSS '+0000 UTC'").withZone(ZoneOffset.UTC);

    private GoDurations() {
    }

    static String format(java.time.Duration d) {
        return GoDuration.format(d);
    }

    /** time.Time's String(): {@code 2006-01-02 15:04:05.999999999 -0700 MST}, trailing zeros trimmed. */
    static String time(Instant t) {
        String s = TIME.format(t);
        int dot = s.indexOf('.');
        int space = s.indexOf(' ', dot);
        String frac = s.substring(dot + 1, space).replaceAll("0+$", "");
        return s.substring(0, dot) + (frac.isEmpty() ? "" : "." + frac) + s.substring(space);
    }
}
