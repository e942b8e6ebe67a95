package io.bootsim.core.version;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KubeVersionTest {

    @ParameterizedTest
    @CsvSource({"1.9, 1.9", "v1.9, 1.9", "1.9.11, 1.9", "v1.33.0, 1.33", "1.19, 1.19"})
    void parsesTheFormsUsersWrite(String text, String expected) {
        assertEquals(expected, KubeVersion.parse(text).toString());
    }

    @Test
    void refusesVersionsOutsideTheEmulatedRangeAndSaysWhichAreValid() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KubeVersion.parse("1.8"));
        assertEquals("unsupported version \"1.8\": bootsim emulates 1.9 to 1.33", e.getMessage());
        assertEquals("invalid version \"latest\": expected MAJOR.MINOR such as 1.33",
                assertThrows(IllegalArgumentException.class, () -> KubeVersion.parse("latest")).getMessage());
    }

    @Test
    void comparesNumericallyNotAsText() {
        assertTrue(KubeVersion.parse("1.10").isAfter(KubeVersion.parse("1.9")));
        assertTrue(KubeVersion.parse("1.19").atLeast(1, 19));
        assertEquals(25, KubeVersion.SUPPORTED.size());
        assertEquals("v1.9.0", KubeVersion.OLDEST.gitVersion());
    }
}
