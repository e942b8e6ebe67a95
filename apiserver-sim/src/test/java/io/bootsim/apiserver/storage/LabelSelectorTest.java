package io.bootsim.apiserver.storage;

import io.bootsim.core.api.StatusException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelSelectorTest {

    private static final Map<String, String> LABELS = Map.of("env", "prod", "tier", "web", "replicas", "3");

    @ParameterizedTest(name = "[{0}] matches: {1}")
    @CsvSource(delimiter = '|', value = {
            "''|true",
            "env=prod|true",
            "env==prod|true",
            "env!=prod|false",
            "env!=dev|true",
            "missing!=x|true",
            "env in (dev, prod)|true",
            "env notin (dev,prod)|false",
            "missing notin (a)|true",
            "env|true",
            "!env|false",
            "!missing|true",
            "env=prod,tier=db|false",
            "env=prod, tier in (web)|true",
            "replicas>2|true",
            "replicas<3|false",
            "env>2|false",
            "in in (in)|false",
            "x in (a,,b)|false",
    })
    void selectorMatchesLabelsAsUpstream(String selector, boolean expected) {
        assertEquals(expected, LabelSelector.parse(selector).matches(LABELS));
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', value = {
            "a b|unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt",
            "x in a|unable to parse requirement: found 'a' expected: '('",
            "x=a,|found '', expected: identifier after ','",
            "=a|found '=', expected: !, identifier, or 'end of string'",
            "x in (a b)|unable to parse requirement: found 'b', expected: ',' or ')'",
            "x=a y|found 'y', expected: ',' or 'end of string'",
            "x>a|unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer",
    })
    void malformedSelectorIsBadRequestWithParserMessage(String selector, String message) {
        StatusException e = assertThrows(StatusException.class, () -> LabelSelector.parse(selector));
        assertEquals(400, e.status().code());
        assertEquals("BadRequest", e.status().reason());
        assertEquals(message, e.status().message());
    }

    @Test
    void invalidKeyIsReportedAgainstTheNilPathLikeUpstream() {
        StatusException e = assertThrows(StatusException.class, () -> LabelSelector.parse("a$b=c"));
        assertEquals("unable to parse requirement: <nil>: Invalid value: \"a$b\": name part must consist of "
                + "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character "
                + "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
                + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')", e.status().message());
    }

    @Test
    void invalidValueIsReportedAgainstItsIndexAndKey() {
        StatusException e = assertThrows(StatusException.class, () -> LabelSelector.parse("x=a$"));
        assertEquals("unable to parse requirement: values[0][x]: Invalid value: \"a$\": a valid label must be an "
                + "empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with "
                + "an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation "
                + "is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')", e.status().message());
    }

    @Test
    void prefixedKeysAreValidatedAsDnsSubdomains() {
        assertTrue(LabelSelector.parse("kubernetes.io/hostname=node-1").matches(Map.of("kubernetes.io/hostname", "node-1")));
        StatusException e = assertThrows(StatusException.class, () -> LabelSelector.parse("Bad_Prefix/x"));
        assertTrue(e.status().message().contains("prefix part a lowercase RFC 1123 subdomain"), e.status().message());
    }

    @Test
    void requirementsAreSortedByKeyAsUpstreamPrintsThem() {
        assertEquals("a,!b,c in (x,y)", LabelSelector.parse("c in (y,x), !b, a").toString());
    }
}
