package io.bootsim.core.api;

import java.util.List;

/**
 * Go formatting that upstream messages are built with, so ours read the same: {@code %q} quoting
 * (strconv.Quote; a string slice as {@code ["a" "b"]}) and aggregated errors.
 */
public final class GoFormat {

    private GoFormat() {
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

    /** {@code %q} of a []string: {@code ["a" "b"]}. */
    public static String quote(List<String> values) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            b.append(i == 0 ? "" : " ").append(quote(values.get(i)));
        }
        return b.append(']').toString();
    }

    /** utilerrors.NewAggregate(errs).Error(): one error as is, several as {@code [e1, e2]}. */
    public static String aggregate(List<String> errors) {
        return errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]";
    }
}
