package io.bootsim.core.random;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomStreamsTest {

    @Test
    void theSameSeedAndNameGiveTheSameDraws() {
        assertEquals(RandomStreams.seeded(42).hex("serials", 16), RandomStreams.seeded(42).hex("serials", 16));
        assertNotEquals(RandomStreams.seeded(42).hex("serials", 16), RandomStreams.seeded(43).hex("serials", 16));
    }

    @Test
    void addingAStreamDoesNotChangeAnotherStreamsDraws() {
        RandomStreams alone = RandomStreams.seeded(7);
        String controller = alone.child("kube-controller-manager").hex("serials", 32);

        RandomStreams crowded = RandomStreams.seeded(7);
        crowded.child("kubelet/node-9").hex("key", 64);
        crowded.child("kubelet/node-10").hex("key", 64);
        assertEquals(controller, crowded.child("kube-controller-manager").hex("serials", 32));
    }

    @Test
    void aStreamNeverRepeatsItsDraws() {
        RandomStreams random = RandomStreams.seeded(1);
        assertNotEquals(random.hex("names", 8), random.hex("names", 8));
        assertSame(random.stream("names"), random.stream("names"));
    }

    @Test
    void childNamespacesAreSeparateStreams() {
        RandomStreams random = RandomStreams.seeded(1);
        assertNotEquals(random.child("a").hex("x", 16), random.child("b").hex("x", 16));
    }

    @Test
    void seededStreamsIgnoreAddedEntropy() {
        RandomStreams a = RandomStreams.seeded(5);
        RandomStreams b = RandomStreams.seeded(5);
        b.stream("x").setSeed(123456789L);
        assertEquals(a.hex("x", 16), b.hex("x", 16));
        assertTrue(a.isDeterministic());
        assertFalse(RandomStreams.secure().isDeterministic());
    }


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
