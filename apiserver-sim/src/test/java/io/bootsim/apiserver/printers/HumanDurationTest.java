package io.bootsim.apiserver.printers;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HumanDurationTest {

    // Boundaries of apimachinery's HumanDuration, and the expirationSeconds of csr-vectors.md section 9.
    @ParameterizedTest(name = "{0} ms -> {1}")
    @CsvSource(textBlock = """
            -2000,       <invalid>
            -1500,       0s
            -1000,       0s
            0,           0s
            1999,        1s
            119000,      119s
            120000,      2m
            121000,      2m1s
            599000,      9m59s
            600000,      10m
            3600000,     60m
            10799000,    179m
            10800000,    3h
            11100000,    3h5m
            28800000,    8h
            86400000,    24h
            172799000,   47h
            172800000,   2d
            183600000,   2d3h
            691200000,   8d
            31536000000, 365d
            63071999000, 729d
            63072000000, 2y
            63158400000, 2y1d
            252288000000, 8y
            """)
    void formatsLikeApimachinery(long millis, String expected) {
        assertEquals(expected, HumanDuration.of(Duration.ofMillis(millis)));
    }
}
