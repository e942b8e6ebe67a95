package io.bootsim.core.trace;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A credential that may appear in the trace only in redacted form. There is no accessor for the
 * full value: a trace view cannot leak what it was never given.
 */
public final class Secret {

    private final String redacted;

    private Secret(String redacted) {
        this.redacted = redacted;
    }

    /** A bearer token shown as its first 6 characters and "...", as upstream logs them. */
    public static Secret token(String token) {
        if (token == null) {
            return new Secret("");
        }
        return new Secret(token.length() <= 6 ? "..." : token.substring(0, 6) + "...");
    }

    /** A private key: never shown at all. */
    public static Secret privateKey() {
        return new Secret("[private key]");
    }

    @JsonValue
    @Override
    public String toString() {
        return redacted;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.redacted.equals(redacted);
    }

    @Override
    public int hashCode() {
        return redacted.hashCode();
    }
}
