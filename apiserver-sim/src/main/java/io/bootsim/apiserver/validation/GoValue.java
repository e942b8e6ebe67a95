package io.bootsim.apiserver.validation;

import io.bootsim.core.api.GoFormat;

/**
 * A rejected value as Go's fmt prints it inside a field error: strings with %q, integers bare,
 * byte slices with %#v. Field errors carry the rendering, never the Java object, so what a client
 * reads is decided here once.
 */
public record GoValue(String rendered) {

    /** Go's %q: double-quoted, with Go escapes for quotes, backslashes and non-printable runes. */
    public static GoValue string(String s) {
        return new GoValue(GoFormat.quote(s));
    }

    public static GoValue integer(long n) {
        return new GoValue(Long.toString(n));
    }

    /**
     * Go's %#v of a []byte: {@code []byte{0x69, 0x6e}}, {@code []byte{}} when empty and
     * {@code []byte(nil)} when absent. Kubernetes 1.34 switched to JSON; bootsim stops at 1.33.
     */
    // upstream: apimachinery pkg/util/validation/field/errors.go ErrorBody (fallback to %#v)
    public static GoValue bytes(byte[] b) {
        if (b == null) {
            return new GoValue("[]byte(nil)");
        }
        StringBuilder sb = new StringBuilder("[]byte{");
        for (int i = 0; i < b.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append("0x").append(Integer.toHexString(b[i] & 0xff));
        }
        return new GoValue(sb.append('}').toString());
    }

    @Override
    public String toString() {
        return rendered;
    }
}
