package io.bootsim.core.trace;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

/** Keeps a run's events for assertions, views and the determinism digest. */
public final class MemoryTrace implements TraceSink {

    private final List<TraceEvent> events = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void record(TraceEvent event) {
        events.add(event);
    }

    public List<TraceEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** SHA-256 over the JSON lines: equal digests mean byte-identical traces. */
    public String digest() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (TraceEvent e : events()) {
                sha.update(JsonLines.format(e).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
