package io.bootsim.bench;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

import static org.junit.jupiter.api.Assertions.assertTrue;

class HeapInUseTest {

    private static volatile int finalized;

    /** Garbage that a first collection keeps for its finalizer, and only a later one frees. */
    private static final class Finalizable {
        private final byte[] payload = new byte[64 << 20];

        @Override
        @SuppressWarnings("deprecation")
        protected void finalize() {
            finalized++; // not empty: the JVM does not register an object whose finalizer does nothing
        }
    }

    @Test
    void garbageKeptForAFinalizerIsNotCountedAsInUse() throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = HeapInUse.settled(memory);

        new Finalizable();
        long after = HeapInUse.settled(memory);

        assertTrue(after - before < (16 << 20), "64 MiB of finalizable garbage counted: " + (after - before) / 1024 + " KiB");
    }
}
