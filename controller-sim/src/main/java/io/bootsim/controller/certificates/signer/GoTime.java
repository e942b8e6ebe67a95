package io.bootsim.controller.certificates.signer;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Go's default time.Time format (%v) for a UTC instant, as upstream's signer errors print it. */
final class GoTime {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private GoTime() {
    }

    static String format(Instant t) {
        String nanos = t.getNano() == 0 ? "" : ("." + String.format("%09d", t.getNano())).replaceAll("0+$", "");
        return FORMAT.format(t) + nanos + " +0000 UTC";
    }
}
