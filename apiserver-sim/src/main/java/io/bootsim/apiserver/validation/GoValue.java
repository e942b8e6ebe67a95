package io.bootsim.apiserver.validation;

/**
 * A rejected value as Go's fmt prints it inside a field error: strings with %q, integers bare,
 * byte slices with %#v. Field errors carry the rendering, never the Java object, so what a client
 * reads is decided here once.
 */
public record GoValue(String rendered) {

    /** Go's %q: double-quoted, with Go escapes for quotes, backslashes and non-printable runes. */
    public static GoValue string(String s) {
        return new GoValue(quote(s));
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

    /** Go's strconv.Quote. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 0x07 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case 0x0b -> sb.append("\\v");
                default -> {
                    if (cp < 0x20 || cp == 0x7f) {
                        sb.append(String.format("\\x%02x", cp));
                    } else if (isPrintable(cp)) {
                        sb.appendCodePoint(cp);
                    } else if (cp < 0x10000) {
                        sb.append(String.format("\\u%04x", cp));
                    } else {
                        sb.append(String.format("\\U%08x", cp));
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static boolean isPrintable(int cp) {
        int type = Character.getType(cp);
        return cp == ' ' || !(Character.isWhitespace(cp) || Character.isSpaceChar(cp)
                || type == Character.CONTROL || type == Character.FORMAT || type == Character.UNASSIGNED
                || type == Character.SURROGATE || type == Character.PRIVATE_USE);
    }

    @Override
    public String toString() {
        return rendered;
    }
}
