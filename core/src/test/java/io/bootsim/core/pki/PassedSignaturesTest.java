package io.bootsim.core.pki;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PassedSignaturesTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void remembersExactlyTheBytesThatPassed() {
        PassedSignatures passed = new PassedSignatures(10);
        passed.add(b("child"), b("parent"));
        assertTrue(passed.contains(b("child"), b("parent")));
        assertFalse(passed.contains(b("child"), b("other-parent")));
        // the same bytes split differently are different checks
        assertFalse(passed.contains(b("childp"), b("arent")));
        assertFalse(passed.contains(b("childparent")));
    }

    @Test
    void forgetsTheLeastRecentlyUsedPastItsCapacity() {
        PassedSignatures passed = new PassedSignatures(2);
        passed.add(b("a"));
        passed.add(b("b"));
        assertTrue(passed.contains(b("a"))); // now b is the least recently used
        passed.add(b("c"));
        assertTrue(passed.contains(b("a")));
        assertFalse(passed.contains(b("b")));
        assertTrue(passed.contains(b("c")));
    }
}
