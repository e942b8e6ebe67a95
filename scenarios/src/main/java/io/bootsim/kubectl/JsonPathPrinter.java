package io.bootsim.kubectl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code -o jsonpath=TEMPLATE} with kubectl's JSONPath dialect: text outside braces is copied,
 * {@code {.a.b}}, {@code {.items[*].metadata.name}}, {@code {.items[0]}}, slices, {@code ['key']},
 * escaped dots in keys ({@code kubectl\.kubernetes\.io/...}), filters {@code [?(@.type=="Ready")]},
 * {@code {range ...}...{end}} and string literals {@code {"\n"}}. Missing keys print nothing, as
 * kubectl get allows them; several results of one expression are joined by a space; maps and
 * lists print as compact JSON; there is no final newline.
 */
// upstream: kubernetes/client-go util/jsonpath (parser.go, jsonpath.go PrintResults, evalToText)
final class JsonPathPrinter {

    /** A template that does not parse, with client-go's message. */
    static final class ParseException extends Exception {
        private static final long serialVersionUID = 1L;

        ParseException(String message) {
            super(message);
        }
    }

    private sealed interface Node permits Text, Expression, Range {
    }

    private record Text(String text) implements Node {
    }

    private record Expression(List<Step> steps) implements Node {
    }

    private record Range(List<Step> steps, List<Node> body) implements Node {
    }

    private sealed interface Step permits Field, Index, Filter, Recursive {
    }

    /** {@code .name}; {@code *} is every value of a map. */
    private record Field(String name) implements Step {
    }

    /** {@code [i]}, {@code [a:b]}, {@code [*]}; null bounds are open. */
    private record Index(Integer start, Integer end, boolean single) implements Step {
    }

    private record Filter(List<Step> left, String op, String right) implements Step {
    }

    private record Recursive() implements Step {
    }

    private final List<Node> template;

    private JsonPathPrinter(List<Node> template) {
        this.template = template;
    }

    static JsonPathPrinter parse(String text) throws ParseException {
        List<Node> nodes = new ArrayList<>();
        List<List<Node>> stack = new ArrayList<>();
        List<Range> ranges = new ArrayList<>();
        List<Node> current = nodes;
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf('{', i);
            if (open < 0) {
                current.add(new Text(text.substring(i)));
                break;
            }
            if (open > i) {
                current.add(new Text(text.substring(i, open)));
            }
            int close = closing(text, open);
            if (close < 0) {
                throw new ParseException("unclosed action");
            }
            String action = text.substring(open + 1, close).trim();
            i = close + 1;
            if (action.startsWith("range ")) {
                Range range = new Range(steps(action.substring(6).trim()), new ArrayList<>());
                current.add(range);
                stack.add(current);
                ranges.add(range);
                current = range.body();
            } else if (action.equals("end")) {
                if (stack.isEmpty()) {
                    throw new ParseException("not in range, nothing to end");
                }
                current = stack.remove(stack.size() - 1);
                ranges.remove(ranges.size() - 1);
            } else if (action.startsWith("\"") || action.startsWith("'")) {
                current.add(new Text(literal(action)));
            } else {
                current.add(new Expression(steps(action)));
            }
        }
        if (!stack.isEmpty()) {
            throw new ParseException("unclosed range");
        }
        return new JsonPathPrinter(nodes);
    }

    private static int closing(String text, int open) {
        char quote = 0;
        for (int i = open + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '}') {
                return i;
            }
        }
        return -1;
    }

    private static String literal(String quoted) {
        String body = quoted.substring(1, quoted.length() - 1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                char n = body.charAt(++i);
                out.append(switch (n) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    default -> n;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static List<Step> steps(String path) throws ParseException {
        List<Step> steps = new ArrayList<>();
        int i = path.startsWith("$") || path.startsWith("@") ? 1 : 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                if (i + 1 < path.length() && path.charAt(i + 1) == '.') {
                    steps.add(new Recursive());
                    i++;
                    continue;
                }
                StringBuilder name = new StringBuilder();
                i++;
                while (i < path.length() && path.charAt(i) != '.' && path.charAt(i) != '[') {
                    if (path.charAt(i) == '\\' && i + 1 < path.length()) {
                        i++;
                    }
                    name.append(path.charAt(i++));
                }
                if (!name.isEmpty()) {
                    steps.add(new Field(name.toString()));
                }
            } else if (c == '[') {
                int close = path.indexOf(']', i);
                if (close < 0) {
                    throw new ParseException("unterminated array");
                }
                String inside = path.substring(i + 1, close).trim();
                i = close + 1;
                steps.add(bracket(inside));
            } else {
                throw new ParseException("unrecognized character in action: U+" + String.format("%04X", (int) c)
                        + " '" + c + "'");
            }
        }
        return steps;
    }

    private static Step bracket(String inside) throws ParseException {
        if (inside.startsWith("'") || inside.startsWith("\"")) {
            return new Field(literal(inside));
        }
        if (inside.equals("*")) {
            return new Index(null, null, false);
        }
        if (inside.startsWith("?(") && inside.endsWith(")")) {
            String expr = inside.substring(2, inside.length() - 1).trim();
            for (String op : List.of("==", "!=", "<=", ">=", "<", ">")) {
                int at = expr.indexOf(op);
                if (at > 0) {
                    return new Filter(steps(expr.substring(0, at).trim()), op, expr.substring(at + op.length()).trim());
                }
            }
            return new Filter(steps(expr), "exists", "");
        }
        try {
            if (!inside.contains(":")) {
                return new Index(Integer.parseInt(inside), null, true);
            }
            String[] parts = inside.split(":", -1);
            return new Index(parts[0].isEmpty() ? null : Integer.parseInt(parts[0].trim()),
                    parts[1].isEmpty() ? null : Integer.parseInt(parts[1].trim()), false);
        } catch (NumberFormatException e) {
            throw new ParseException("invalid array index " + inside);
        }
    }

    String print(JsonNode root) {
        StringBuilder out = new StringBuilder();
        print(template, root, out);
        return out.toString();
    }

    private static void print(List<Node> nodes, JsonNode current, StringBuilder out) {
        for (Node node : nodes) {
            if (node instanceof Text t) {
                out.append(t.text());
            } else if (node instanceof Expression e) {
                List<JsonNode> results = evaluate(e.steps(), current);
                for (int i = 0; i < results.size(); i++) {
                    out.append(text(results.get(i)));
                    if (i + 1 < results.size()) {
                        out.append(' ');
                    }
                }
            } else if (node instanceof Range r) {
                for (JsonNode value : evaluate(r.steps(), current)) {
                    if (value.isArray()) {
                        value.forEach(item -> print(r.body(), item, out));
                    } else {
                        print(r.body(), value, out);
                    }
                }
            }
        }
    }

    private static String text(JsonNode value) {
        if (value.isContainerNode()) {
            return JsonPrinter.compact(value);
        }
        if (value.isNull()) {
            return "<nil>";
        }
        return value.asText();
    }

    private static List<JsonNode> evaluate(List<Step> steps, JsonNode root) {
        List<JsonNode> values = List.of(root);
        for (Step step : steps) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode value : values) {
                apply(step, value, next);
            }
            values = next;
        }
        return values;
    }

    private static void apply(Step step, JsonNode value, List<JsonNode> next) {
        if (step instanceof Field f) {
            if (value.isObject()) {
                if (f.name().equals("*")) {
                    value.forEach(next::add);
                } else if (value.has(f.name())) {
                    next.add(value.get(f.name()));
                }
            }
        } else if (step instanceof Index ix) {
            if (!value.isArray()) {
                return;
            }
            int size = value.size();
            if (ix.single()) {
                int at = ix.start() < 0 ? ix.start() + size : ix.start();
                if (at >= 0 && at < size) {
                    next.add(value.get(at));
                }
                return;
            }
            int from = ix.start() == null ? 0 : ix.start() < 0 ? Math.max(0, ix.start() + size) : ix.start();
            int to = ix.end() == null ? size : ix.end() < 0 ? ix.end() + size : Math.min(ix.end(), size);
            for (int i = from; i < to; i++) {
                next.add(value.get(i));
            }
        } else if (step instanceof Filter f) {
            if (!value.isArray()) {
                return;
            }
            for (JsonNode item : value) {
                if (matches(f, item)) {
                    next.add(item);
                }
            }
        } else {
            collect(value, next);
        }
    }

    private static void collect(JsonNode value, List<JsonNode> out) {
        out.add(value);
        if (value.isContainerNode()) {
            value.forEach(child -> collect(child, out));
        }
    }

    private static boolean matches(Filter f, JsonNode item) {
        List<JsonNode> left = evaluate(f.left(), item);
        if (f.op().equals("exists")) {
            return !left.isEmpty();
        }
        if (left.isEmpty()) {
            return false;
        }
        JsonNode l = left.get(0);
        String right = f.right().startsWith("'") || f.right().startsWith("\"") ? literal(f.right()) : f.right();
        if (l.isNumber()) {
            double a = l.asDouble();
            double b;
            try {
                b = Double.parseDouble(right);
            } catch (NumberFormatException e) {
                return false;
            }
            return compare(Double.compare(a, b), f.op());
        }
        return compare(l.asText().compareTo(right), f.op());
    }

    private static boolean compare(int c, String op) {
        return switch (op) {
            case "==" -> c == 0;
            case "!=" -> c != 0;
            case "<" -> c < 0;
            case ">" -> c > 0;
            case "<=" -> c <= 0;
            default -> c >= 0;
        };
    }
}
