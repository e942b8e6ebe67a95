package io.bootsim.core.random;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomStreamsTest {

    @Test
    void aStreamMovedBackToAPositionDrawsTheSameBytesAgain() {
        SecureRandom stream = RandomStreams.seeded(3).stream("s");
        for (int skip : new int[]{0, 1, 31, 32, 33, 100}) {
            stream.nextBytes(new byte[skip]);
            RandomStreams.Position at = RandomStreams.position(stream).orElseThrow();
            byte[] first = new byte[77];
            stream.nextBytes(first);
            RandomStreams.Position after = RandomStreams.position(stream).orElseThrow();
            RandomStreams.seek(stream, at);
            byte[] again = new byte[77];
            stream.nextBytes(again);
            assertArrayEquals(first, again);
            assertEquals(after, RandomStreams.position(stream).orElseThrow());
        }
    }

    @Test
    void aFreshStreamSoughtToAnotherStreamsPositionContinuesAsThatStream() {
        SecureRandom a = RandomStreams.seeded(4).stream("s");
        a.nextBytes(new byte[45]);
        SecureRandom b = RandomStreams.seeded(4).stream("s");
        RandomStreams.seek(b, RandomStreams.position(a).orElseThrow());
        byte[] fromA = new byte[50];
        byte[] fromB = new byte[50];
        a.nextBytes(fromA);
        b.nextBytes(fromB);
        assertArrayEquals(fromA, fromB);
    }

    @Test
    void liveStreamsHaveNoPositionAndOtherStreamsPositionsAreRefused() {
        assertTrue(RandomStreams.position(new SecureRandom()).isEmpty());
        SecureRandom a = RandomStreams.seeded(5).stream("a");
        SecureRandom b = RandomStreams.seeded(5).stream("b");
        assertThrows(IllegalArgumentException.class, () -> RandomStreams.seek(b, RandomStreams.position(a).orElseThrow()));
    }
}
