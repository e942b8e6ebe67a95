package io.bootsim.core.trace;

import java.security.Key;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One decision or action worth teaching: who (component), what (type), when (the component's
 * clock) and the details, in the order they were given. Views (JSON lines, console, klog-style
 * logs, HTML) are derived from these values.
 */
public record TraceEvent(Instant time, String component, String type, Map<String, Object> fields) {

    public TraceEvent {
        LinkedHashMap<String, Object> copy = new LinkedHashMap<>();
        fields.forEach((k, v) -> copy.put(k, sanitize(v)));
        fields = Collections.unmodifiableMap(copy);
    }

    /** Builds an event from alternating keys and values: {@code of(t, "kube-apiserver", "authn", "user", u)}. */
    public static TraceEvent of(Instant time, String component, String type, Object... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must come in pairs: " + keyValues.length + " items");
        }
        LinkedHashMap<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            fields.put(String.valueOf(keyValues[i]), keyValues[i + 1]);
        }
        return new TraceEvent(time, component, type, fields);
    }

    public Object field(String key) {
        return fields.get(key);
    }

    // Keys are never written, whatever a caller passes by mistake.
    private static Object sanitize(Object value) {
        return value instanceof Key ? Secret.privateKey() : value;
    }
}
