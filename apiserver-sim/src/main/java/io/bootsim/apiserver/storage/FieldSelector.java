package io.bootsim.apiserver.storage;

import io.bootsim.core.api.StatusException;
import io.bootsim.core.api.Status;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A field selector ({@code fieldSelector} query parameter): comma-separated terms
 * {@code field=value}, {@code field==value} or {@code field!=value}, with {@code \,} {@code \=}
 * and {@code \\} escapes in values (k8s.io/apimachinery pkg/fields/selector.go). Which fields a
 * resource accepts is the resource's business ({@link ResourceType#checkFieldLabel}).
 */
public final class FieldSelector {

    public static final FieldSelector EVERYTHING = new FieldSelector(List.of());

    private static final List<String> OPERATORS = List.of("!=", "==", "=");

    private final List<Term> terms;

    private FieldSelector(List<Term> terms) {
        this.terms = terms;
    }

    /** One term; {@code equals} false for {@code !=}. */
    public record Term(String field, boolean equals, String value) {
        boolean matches(Map<String, String> fields) {
            return fields.getOrDefault(field, "").equals(value) == equals;
        }
    }

    /** Parses {@code text}; null or empty selects everything; a malformed term is a 400. */
    public static FieldSelector parse(String text) {
        if (text == null || text.isEmpty()) {
            return EVERYTHING;
        }
        List<String> parts = splitTerms(text);
        parts.sort(null);
        List<Term> terms = new ArrayList<>();
        for (String part : parts) {
            if (part.isEmpty()) {
                continue;
            }
            Term term = splitTerm(part).orElseThrow(() -> new StatusException(Status.badRequest(
                    "invalid selector: '" + text + "'; can't understand '" + part + "'")));
            terms.add(term);
        }
        return new FieldSelector(List.copyOf(terms));
    }

    /** Parses {@code text} and refuses any field {@code type} does not serve. */
    public static FieldSelector parse(String text, ResourceType type) {
        FieldSelector selector = parse(text);
        selector.terms.forEach(t -> type.checkFieldLabel(t.field()));
        return selector;
    }

    public boolean isEmpty() {
        return terms.isEmpty();
    }

    public List<Term> terms() {
        return terms;
    }

    public boolean matches(Map<String, String> fields) {
        return terms.stream().allMatch(t -> t.matches(fields));
    }

    /** The value the selector requires {@code field} to equal, e.g. metadata.name of a single-object watch. */
    public Optional<String> requiresExactMatch(String field) {
        return terms.stream().filter(t -> t.field().equals(field) && t.equals()).map(Term::value).findFirst();
    }

    private static List<String> splitTerms(String selector) {
        List<String> terms = new ArrayList<>();
        int start = 0;
        boolean inSlash = false;
        for (int i = 0; i < selector.length(); i++) {
            char c = selector.charAt(i);
            if (inSlash) {
                inSlash = false;
            } else if (c == '\\') {
                inSlash = true;
            } else if (c == ',') {
                terms.add(selector.substring(start, i));
                start = i + 1;
            }
        }
        terms.add(selector.substring(start));
        return terms;
    }

    private static Optional<Term> splitTerm(String term) {
        for (int i = 0; i < term.length(); i++) {
            for (String op : OPERATORS) {
                if (term.startsWith(op, i)) {
                    return Optional.of(new Term(term.substring(0, i), !op.equals("!="),
                            unescape(term.substring(i + op.length()))));
                }
            }
        }
        return Optional.empty();
    }

    private static String unescape(String value) {
        StringBuilder out = new StringBuilder();
        boolean inSlash = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (inSlash) {
                if (c != '\\' && c != ',' && c != '=') {
                    throw new StatusException(Status.badRequest(
                            "invalid field selector: invalid escape sequence: \\" + c));
                }
                out.append(c);
                inSlash = false;
            } else if (c == '\\') {
                inSlash = true;
            } else if (c == ',' || c == '=') {
                // upstream formats the rune with %v, which prints its code point
                throw new StatusException(Status.badRequest(
                        "invalid field selector: unescaped character in value: " + (int) c));
            } else {
                out.append(c);
            }
        }
        if (inSlash) {
            throw new StatusException(Status.badRequest("invalid field selector: invalid escape sequence: \\"));
        }
        return out.toString();
    }
}
