package io.bootsim.kubelet.certificate;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** csr-vectors 7.1 (TestSetRotationDeadline, jitter stubbed to exactly 0.7), plus the 90 % end. */
class RotationDeadlineTest {

    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "just issued,          PT-1H,     PT99H,    PT69H",
            "half way,             PT-24H,    PT24H,    PT9H36M",
            "just about expired,   PT-91H,    PT9H,     PT-21H",
            "nearly expired,       PT-99H,    PT1H,     PT-29H",
            "long,                 PT-4320H,  PT4320H,  PT1728H",
            "short,                PT-30S,    PT30S,    PT12S",
    })
    void deadlineIsNotBeforePlusSeventyPercentWithStubbedJitter(String name, Duration notBefore, Duration notAfter,
                                                                 Duration expected) {
        RotationDeadline rule = new RotationDeadline(() -> 0.0);
        assertEquals(NOW.plus(expected), rule.of(NOW.plus(notBefore), NOW.plus(notAfter)));
    }

    @ParameterizedTest
    @CsvSource({"0.0, 70", "0.5, 80", "0.999999, 89"})
    void jitterSpansSeventyToNinetyPercent(double r, long percentFloor) {
        Instant nb = NOW;
        Instant na = NOW.plus(Duration.ofDays(100));
        Instant deadline = new RotationDeadline(() -> r).of(nb, na);
        long days = Duration.between(nb, deadline).toDays();
        assertEquals(percentFloor, days);
        assertTrue(deadline.isBefore(nb.plus(Duration.ofDays(90))));
    }
}
