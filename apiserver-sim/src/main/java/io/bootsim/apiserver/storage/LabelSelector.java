package io.bootsim.apiserver.storage;

import io.bootsim.core.api.StatusException;
import io.bootsim.core.api.Status;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A label selector as the {@code labelSelector} query parameter carries it, parsed with the
 * grammar and the error messages of k8s.io/apimachinery pkg/labels/selector.go:
 * {@code x in (a,b)}, {@code x notin (a)}, {@code x=a}, {@code x==a}, {@code x!=a}, {@code x},
 * {@code !x}, and {@code x>1} / {@code x<1}, requirements joined by commas (AND).
 * A parse error is a 400 BadRequest whose message is the parser's.
 */
public final class LabelSelector {

    public static final LabelSelector EVERYTHING = new LabelSelector(List.of());

    private final List<Requirement> requirements;

    private LabelSelector(List<Requirement> requirements) {
        this.requirements = requirements;
    }

    /** Parses {@code text}; null or blank selects everything. */
    public static LabelSelector parse(String text) {
        if (text == null || text.isEmpty()) {
            return EVERYTHING;
        }
        try {
            List<Requirement> parsed = new ArrayList<>(new Parser(text).parse());
            parsed.sort(Comparator.comparing(Requirement::key));
            return new LabelSelector(List.copyOf(parsed));
        } catch (IllegalArgumentException e) {
            throw new StatusException(Status.badRequest(e.getMessage()));
        }
    }

    public boolean isEmpty() {
        return requirements.isEmpty();
    }

    public List<Requirement> requirements() {
        return requirements;
    }

    public boolean matches(Map<String, String> labels) {
        return requirements.stream().allMatch(r -> r.matches(labels));
    }

    @Override
    public String toString() {
        return String.join(",", requirements.stream().map(Requirement::toString).toList());
    }

    public enum Operator {
        IN("in"), NOT_IN("notin"), EQUALS("="), DOUBLE_EQUALS("=="), NOT_EQUALS("!="),
        GREATER_THAN("gt"), LESS_THAN("lt"), EXISTS("exists"), DOES_NOT_EXIST("!");

        private final String text;

        Operator(String text) {
            this.text = text;
        }
    }

    /** One requirement; {@code values} sorted and distinct, as upstream's sets.String keeps them. */
    public record Requirement(String key, Operator operator, List<String> values) {

        public boolean matches(Map<String, String> labels) {
            boolean has = labels.containsKey(key);
            return switch (operator) {
                case IN, EQUALS, DOUBLE_EQUALS -> has && values.contains(labels.get(key));
                case NOT_IN, NOT_EQUALS -> !has || !values.contains(labels.get(key));
                case EXISTS -> has;
                case DOES_NOT_EXIST -> !has;
                case GREATER_THAN, LESS_THAN -> has && compares(labels.get(key));
            };
        }

        private boolean compares(String label) {
            try {
                long actual = Long.parseLong(label);
                long bound = Long.parseLong(values.get(0));
                return operator == Operator.GREATER_THAN ? actual > bound : actual < bound;
            } catch (NumberFormatException e) {
                return false;
            }
        }

        @Override
        public String toString() {
            return switch (operator) {
                case EXISTS -> key;
                case DOES_NOT_EXIST -> "!" + key;
                case IN, NOT_IN -> key + " " + operator.text + " (" + String.join(",", values) + ")";
                case GREATER_THAN -> key + ">" + values.get(0);
                case LESS_THAN -> key + "<" + values.get(0);
                default -> key + operator.text + values.get(0);
            };
        }
    }

    private enum Token {
        ERROR, END_OF_STRING, CLOSED_PAR, COMMA, DOES_NOT_EXIST, DOUBLE_EQUALS, EQUALS, GREATER_THAN,
        IDENTIFIER, IN, LESS_THAN, NOT_EQUALS, NOT_IN, OPEN_PAR
    }

    private record Item(Token token, String literal) {
    }

    /** The lexer and recursive-descent parser of upstream, error texts included. */
    private static final class Parser {
        private static final Map<String, Token> KEYWORDS = Map.ofEntries(
                Map.entry(")", Token.CLOSED_PAR), Map.entry(",", Token.COMMA), Map.entry("!", Token.DOES_NOT_EXIST),
                Map.entry("==", Token.DOUBLE_EQUALS), Map.entry("=", Token.EQUALS), Map.entry(">", Token.GREATER_THAN),
                Map.entry("in", Token.IN), Map.entry("<", Token.LESS_THAN), Map.entry("!=", Token.NOT_EQUALS),
                Map.entry("notin", Token.NOT_IN), Map.entry("(", Token.OPEN_PAR));
        private static final String BINARY_OPERATORS = "in, notin, =, ==, !=, gt, lt";

        private final String s;
        private int pos;
        private final List<Item> items = new ArrayList<>();
        private int position;

        Parser(String s) {
            this.s = s;
        }

        List<Requirement> parse() {
            scan();
            List<Requirement> requirements = new ArrayList<>();
            while (true) {
                Item next = lookahead(true);
                switch (next.token) {
                    case IDENTIFIER, DOES_NOT_EXIST -> {
                        Requirement r;
                        try {
                            r = parseRequirement();
                        } catch (IllegalArgumentException e) {
                            throw new IllegalArgumentException("unable to parse requirement: " + e.getMessage());
                        }
                        requirements.add(r);
                        Item after = consume(true);
                        switch (after.token) {
                            case END_OF_STRING -> {
                                return requirements;
                            }
                            case COMMA -> {
                                Item following = lookahead(true);
                                if (following.token != Token.IDENTIFIER && following.token != Token.DOES_NOT_EXIST) {
                                    throw new IllegalArgumentException("found '" + following.literal
                                            + "', expected: identifier after ','");
                                }
                            }
                            default -> throw new IllegalArgumentException("found '" + after.literal
                                    + "', expected: ',' or 'end of string'");
                        }
                    }
                    case END_OF_STRING -> {
                        return requirements;
                    }
                    default -> throw new IllegalArgumentException("found '" + next.literal
                            + "', expected: !, identifier, or 'end of string'");
                }
            }
        }

        private Requirement parseRequirement() {
            Operator operator = null;
            Item key = consume(true);
            if (key.token == Token.DOES_NOT_EXIST) {
                operator = Operator.DOES_NOT_EXIST;
                key = consume(true);
            }
            if (key.token != Token.IDENTIFIER) {
                throw new IllegalArgumentException("found '" + key.literal + "', expected: identifier");
            }
            List<String> keyErrors = LabelValidation.qualifiedName(key.literal);
            if (!keyErrors.isEmpty()) {
                // upstream validates the key against a nil field path, which prints as "<nil>"
                throw new IllegalArgumentException(LabelValidation.invalid("<nil>", key.literal, keyErrors));
            }
            Token next = lookahead(true).token;
            if (next == Token.END_OF_STRING || next == Token.COMMA) {
                return new Requirement(key.literal, operator == null ? Operator.EXISTS : operator, List.of());
            }
            if (operator == Operator.DOES_NOT_EXIST) {
                return new Requirement(key.literal, operator, List.of());
            }
            Item op = consume(false);
            operator = switch (op.token) {
                case IN -> Operator.IN;
                case EQUALS -> Operator.EQUALS;
                case DOUBLE_EQUALS -> Operator.DOUBLE_EQUALS;
                case GREATER_THAN -> Operator.GREATER_THAN;
                case LESS_THAN -> Operator.LESS_THAN;
                case NOT_IN -> Operator.NOT_IN;
                case NOT_EQUALS -> Operator.NOT_EQUALS;
                default -> throw new IllegalArgumentException("found '" + op.literal + "', expected: " + BINARY_OPERATORS);
            };
            TreeSet<String> values = operator == Operator.IN || operator == Operator.NOT_IN ? parseValues() : parseExactValue();
            return newRequirement(key.literal, operator, List.copyOf(values));
        }

        private Requirement newRequirement(String key, Operator operator, List<String> values) {
            List<String> errors = new ArrayList<>();
            if (operator == Operator.GREATER_THAN || operator == Operator.LESS_THAN) {
                for (int i = 0; i < values.size(); i++) {
                    if (!isInt64(values.get(i))) {
                        errors.add(LabelValidation.invalid("values[" + i + "]", values.get(i),
                                List.of("for 'Gt', 'Lt' operators, the value must be an integer")));
                    }
                }
            }
            for (int i = 0; i < values.size(); i++) {
                List<String> valueErrors = LabelValidation.labelValue(values.get(i));
                if (!valueErrors.isEmpty()) {
                    errors.add(LabelValidation.invalid("values[" + i + "][" + key + "]", values.get(i), valueErrors));
                }
            }
            if (!errors.isEmpty()) {
                // field.ErrorList.ToAggregate: one error prints alone, several as [a, b]
                throw new IllegalArgumentException(errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]");
            }
            return new Requirement(key, operator, values);
        }

        private static boolean isInt64(String s) {
            try {
                Long.parseLong(s);
                return true;
            } catch (NumberFormatException e) {
                return false;
            }
        }

        private TreeSet<String> parseValues() {
            Item open = consume(true);
            if (open.token != Token.OPEN_PAR) {
                throw new IllegalArgumentException("found '" + open.literal + "' expected: '('");
            }
            Item next = lookahead(true);
            switch (next.token) {
                case IDENTIFIER, COMMA -> {
                    TreeSet<String> values = parseIdentifiersList();
                    if (consume(true).token != Token.CLOSED_PAR) {
                        throw new IllegalArgumentException("found '" + next.literal + "', expected: ')'");
                    }
                    return values;
                }
                case CLOSED_PAR -> {
                    consume(true);
                    return new TreeSet<>(List.of(""));
                }
                default -> throw new IllegalArgumentException("found '" + next.literal
                        + "', expected: ',', ')' or identifier");
            }
        }

        private TreeSet<String> parseIdentifiersList() {
            TreeSet<String> values = new TreeSet<>();
            while (true) {
                Item item = consume(true);
                switch (item.token) {
                    case IDENTIFIER -> {
                        values.add(item.literal);
                        Item next = lookahead(true);
                        if (next.token == Token.CLOSED_PAR) {
                            return values;
                        }
                        if (next.token != Token.COMMA) {
                            throw new IllegalArgumentException("found '" + next.literal + "', expected: ',' or ')'");
                        }
                    }
                    case COMMA -> {
                        if (values.isEmpty()) {
                            values.add("");
                        }
                        Token next = lookahead(true).token;
                        if (next == Token.CLOSED_PAR) {
                            values.add("");
                            return values;
                        }
                        if (next == Token.COMMA) {
                            consume(true);
                            values.add("");
                        }
                    }
                    default -> throw new IllegalArgumentException("found '" + item.literal + "', expected: ',', or identifier");
                }
            }
        }

        private TreeSet<String> parseExactValue() {
            TreeSet<String> values = new TreeSet<>();
            Token next = lookahead(true).token;
            if (next == Token.END_OF_STRING || next == Token.COMMA) {
                values.add("");
                return values;
            }
            Item item = consume(true);
            if (item.token != Token.IDENTIFIER) {
                throw new IllegalArgumentException("found '" + item.literal + "', expected: identifier");
            }
            values.add(item.literal);
            return values;
        }

        // In value position the keywords "in" and "notin" are plain identifiers.
        private Item lookahead(boolean values) {
            return asValue(items.get(position), values);
        }

        private Item consume(boolean values) {
            return asValue(items.get(position++), values);
        }

        private static Item asValue(Item item, boolean values) {
            return values && (item.token == Token.IN || item.token == Token.NOT_IN)
                    ? new Item(Token.IDENTIFIER, item.literal) : item;
        }

        private void scan() {
            while (true) {
                Item item = lex();
                items.add(item);
                if (item.token == Token.END_OF_STRING) {
                    return;
                }
            }
        }

        private Item lex() {
            while (pos < s.length() && isWhitespace(s.charAt(pos))) {
                pos++;
            }
            if (pos >= s.length()) {
                return new Item(Token.END_OF_STRING, "");
            }
            return isSpecial(s.charAt(pos)) ? scanSpecialSymbol() : scanIdOrKeyword();
        }

        private Item scanIdOrKeyword() {
            int start = pos;
            while (pos < s.length() && !isSpecial(s.charAt(pos)) && !isWhitespace(s.charAt(pos))) {
                pos++;
            }
            String word = s.substring(start, pos);
            Token keyword = KEYWORDS.get(word);
            return keyword != null ? new Item(keyword, word) : new Item(Token.IDENTIFIER, word);
        }

        private Item scanSpecialSymbol() {
            StringBuilder buffer = new StringBuilder();
            Item last = null;
            while (pos < s.length() && isSpecial(s.charAt(pos))) {
                buffer.append(s.charAt(pos++));
                Token token = KEYWORDS.get(buffer.toString());
                if (token != null) {
                    last = new Item(token, buffer.toString());
                } else if (last != null) {
                    pos--;
                    break;
                }
            }
            return last != null ? last : new Item(Token.ERROR, "error expected: keyword found '" + buffer + "'");
        }

        private static boolean isWhitespace(char c) {
            return c == ' ' || c == '\t' || c == '\r' || c == '\n';
        }

        private static boolean isSpecial(char c) {
            return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '>' || c == '<';
        }
    }

    /** The checks of k8s.io/apimachinery pkg/util/validation/validation.go that selectors use. */
    static final class LabelValidation {
        private LabelValidation() {
        }

        private static final String QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
        private static final Pattern QUALIFIED_NAME = Pattern.compile("^" + QUALIFIED_NAME_FMT + "$");
        private static final String QUALIFIED_NAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', "
                + "and must start and end with an alphanumeric character";
        private static final String LABEL_VALUE_FMT = "(" + QUALIFIED_NAME_FMT + ")?";
        private static final Pattern LABEL_VALUE = Pattern.compile("^" + LABEL_VALUE_FMT + "$");
        private static final String DNS1123_SUBDOMAIN_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
        private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile("^" + DNS1123_SUBDOMAIN_FMT + "$");

        static List<String> qualifiedName(String value) {
            List<String> errors = new ArrayList<>();
            String[] parts = value.split("/", -1);
            String name;
            if (parts.length == 1) {
                name = parts[0];
            } else if (parts.length == 2) {
                String prefix = parts[0];
                name = parts[1];
                if (prefix.isEmpty()) {
                    errors.add("prefix part must be non-empty");
                } else {
                    dns1123Subdomain(prefix).forEach(m -> errors.add("prefix part " + m));
                }
            } else {
                errors.add("a qualified name " + regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")
                        + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
                return errors;
            }
            if (name.isEmpty()) {
                errors.add("name part must be non-empty");
            } else if (name.length() > 63) {
                errors.add("name part must be no more than 63 characters");
            }
            if (!QUALIFIED_NAME.matcher(name).matches()) {
                errors.add("name part " + regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc"));
            }
            return errors;
        }

        static List<String> labelValue(String value) {
            List<String> errors = new ArrayList<>();
            if (value.length() > 63) {
                errors.add("must be no more than 63 characters");
            }
            if (!LABEL_VALUE.matcher(value).matches()) {
                errors.add(regexError("a valid label must be an empty string or consist of alphanumeric characters, "
                        + "'-', '_' or '.', and must start and end with an alphanumeric character",
                        LABEL_VALUE_FMT, "MyValue", "my_value", "12345"));
            }
            return errors;
        }

        private static List<String> dns1123Subdomain(String value) {
            List<String> errors = new ArrayList<>();
            if (value.length() > 253) {
                errors.add("must be no more than 253 characters");
            }
            if (!DNS1123_SUBDOMAIN.matcher(value).matches()) {
                errors.add(regexError("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
                        + "'-' or '.', and must start and end with an alphanumeric character",
                        DNS1123_SUBDOMAIN_FMT, "example.com"));
            }
            return errors;
        }

        private static String regexError(String message, String format, String... examples) {
            StringBuilder sb = new StringBuilder(message).append(" (e.g. ");
            for (int i = 0; i < examples.length; i++) {
                if (i > 0) {
                    sb.append(" or ");
                }
                sb.append('\'').append(examples[i]).append("', ");
            }
            return sb.append("regex used for validation is '").append(format).append("')").toString();
        }

        /** field.Invalid(path, value, detail).Error(). */
        static String invalid(String path, String value, List<String> details) {
            return path + ": Invalid value: " + goQuote(value) + ": " + String.join("; ", details);
        }

        /** Go's %q for the characters that occur in practice. */
        static String goQuote(String value) {
            StringBuilder sb = new StringBuilder("\"");
            for (char c : value.toCharArray()) {
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\t' -> sb.append("\\t");
                    case '\r' -> sb.append("\\r");
                    default -> {
                        if (c < 0x20) {
                            sb.append(String.format("\\x%02x", (int) c));
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
            return sb.append('"').toString();
        }
    }
}
