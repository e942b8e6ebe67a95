package io.bootsim.kubectl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code -o yaml} as kubectl prints it: sigs.k8s.io/yaml turns the JSON into go-yaml v2 output, so
 * keys are sorted, a sequence under a key is not indented, strings that YAML 1.1 would read as
 * something else (numbers, booleans such as {@code yes}, null, timestamps) are double-quoted,
 * strings that cannot be plain are single-quoted, multi-line strings are literal blocks, and long
 * plain or single-quoted strings fold at spaces past column 80.
 */
// upstream: gopkg.in/yaml.v2 encode.go (stringv), resolve.go, emitterc.go (analyze_scalar, write_plain_scalar)
final class YamlPrinter {

    private static final int BEST_WIDTH = 80;
    private static final Pattern INT = Pattern.compile("[-+]?(0b[01_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*)");
    private static final Pattern FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?");
    private static final Pattern BASE60 = Pattern.compile("[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?");
    private static final Pattern TIMESTAMP = Pattern.compile(
            "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(([Tt]| +)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(\\.[0-9]*)?( *(Z|[-+][0-9]{1,2}(:[0-9]{2})?))?)?");
    private static final java.util.Set<String> NON_STRINGS = java.util.Set.of("y", "Y", "yes", "Yes", "YES", "true",
            "True", "TRUE", "on", "On", "ON", "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF",
            "", "~", "null", "Null", "NULL", ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF",
            "-.inf", "-.Inf", "-.INF", "<<");

    private final StringBuilder out = new StringBuilder();

    private YamlPrinter() {
    }

    static String print(JsonNode document) {
        YamlPrinter p = new YamlPrinter();
        if (document.isObject() && !document.isEmpty()) {
            p.mapping(document, 0, false);
        } else if (document.isArray() && !document.isEmpty()) {
            p.sequence(document, 0, false);
        } else {
            p.value(document, 0);
            p.out.append('\n');
        }
        return p.out.toString();
    }

    private void mapping(JsonNode node, int indent, boolean inline) {
        TreeMap<String, JsonNode> sorted = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            sorted.put(e.getKey(), e.getValue());
        }
        boolean first = true;
        for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
            if (!(first && inline)) {
                out.append(" ".repeat(indent));
            }
            first = false;
            string(e.getKey(), indent + 2);
            out.append(':');
            JsonNode v = e.getValue();
            if (v.isObject() && !v.isEmpty()) {
                out.append('\n');
                mapping(v, indent + 2, false);
            } else if (v.isArray() && !v.isEmpty()) {
                out.append('\n');
                sequence(v, indent, false); // go-yaml writes a sequence under a key without indenting it
            } else {
                out.append(' ');
                value(v, indent + 2);
                out.append('\n');
            }
        }
    }

    private void sequence(JsonNode node, int indent, boolean inline) {
        boolean first = true;
        for (JsonNode item : node) {
            if (!(first && inline)) {
                out.append(" ".repeat(indent));
            }
            first = false;
            out.append("- ");
            if (item.isObject() && !item.isEmpty()) {
                mapping(item, indent + 2, true);
            } else if (item.isArray() && !item.isEmpty()) {
                sequence(item, indent + 2, true);
            } else {
                value(item, indent + 2);
                out.append('\n');
            }
        }
    }

    private void value(JsonNode v, int indent) {
        if (v.isObject()) {
            out.append("{}");
        } else if (v.isArray()) {
            out.append("[]");
        } else if (v.isNull() || v.isMissingNode()) {
            out.append("null");
        } else if (v.isTextual()) {
            string(v.textValue(), indent);
        } else {
            out.append(v.asText());
        }
    }

    private void string(String s, int indent) {
        if (s.contains("\n")) {
            literal(s, indent);
        } else if (NON_STRINGS.contains(s) || resolvesToNumberOrTime(s)) {
            doubleQuoted(s);
        } else if (plainAllowed(s)) {
            folded(s, indent, false);
        } else {
            out.append('\'');
            folded(s.replace("'", "''"), indent, true);
            out.append('\'');
        }
    }

    private static boolean resolvesToNumberOrTime(String s) {
        char c = s.charAt(0);
        if (!(c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9'))) {
            return false;
        }
        return INT.matcher(s).matches() || (FLOAT.matcher(s).matches() && s.chars().anyMatch(Character::isDigit))
                || BASE60.matcher(s).matches() || TIMESTAMP.matcher(s).matches();
    }

    // emitterc.go yaml_emitter_analyze_scalar, block context
    private static boolean plainAllowed(String s) {
        if (s.startsWith("---") || s.startsWith("...")) {
            return false;
        }
        if (s.charAt(0) == ' ' || s.charAt(s.length() - 1) == ' ') {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean followedByBlank = i + 1 == s.length() || s.charAt(i + 1) == ' ';
            if (i == 0 && "#,[]{}&*!|>'\"%@`".indexOf(c) >= 0) {
                return false;
            }
            if (i == 0 && (c == '?' || c == ':' || c == '-') && followedByBlank) {
                return false;
            }
            if (i > 0 && c == ':' && followedByBlank) {
                return false;
            }
            if (i > 0 && c == '#' && s.charAt(i - 1) == ' ') {
                return false;
            }
            if (c < 0x20 || c == 0x7f || c == '\uFEFF') {
                return false;
            }
        }
        return true;
    }

    /** Writes {@code s}, breaking at a single space once the line is past the best width. */
    private void folded(String s, int indent, boolean quoted) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean single = c == ' ' && (i == 0 || s.charAt(i - 1) != ' ') && i + 1 < s.length()
                    && s.charAt(i + 1) != ' ';
            if (single && column() > BEST_WIDTH && (quoted || i > 0)) {
                out.append('\n').append(" ".repeat(indent));
            } else {
                out.append(c);
            }
        }
    }

    private int column() {
        int nl = out.lastIndexOf("\n");
        return out.length() - nl - 1;
    }

    private void doubleQuoted(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\x%02X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private void literal(String s, int indent) {
        out.append('|');
        if (s.startsWith(" ") || s.startsWith("\n")) {
            out.append("2"); // go-yaml adds an indentation indicator when the text starts with blanks
        }
        if (!s.endsWith("\n")) {
            out.append('-');
        } else if (s.length() == 1 || s.endsWith("\n\n")) {
            out.append('+');
        }
        out.append('\n');
        String body = s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
        for (String line : body.split("\n", -1)) {
            if (!line.isEmpty()) {
                out.append(" ".repeat(indent)).append(line);
            }
            out.append('\n');
        }
        out.setLength(out.length() - 1); // the caller ends the value's line
    }
}
