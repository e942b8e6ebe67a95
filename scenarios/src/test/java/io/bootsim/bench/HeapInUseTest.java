package io.bootsim.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
        long before = HeapInUse.live();

        new Finalizable();
        long after = HeapInUse.live();

        assertTrue(after - before < (16 << 20), "64 MiB of finalizable garbage counted: " + (after - before) / 1024 + " KiB");
    }

    @Test
    void liveBytesAreTheHistogramsTotal() {
        String histogram = """
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:        230992       14896784  [B (java.base@17.0.15)
                   2:        155451        6218040  java.util.LinkedHashMap$Entry (java.base@17.0.15)
                Total       1818975       75463840
                """;
        assertEquals(75_463_840L, HeapInUse.totalBytes(histogram));
        assertThrows(IllegalStateException.class, () -> HeapInUse.totalBytes("   1:   2   3  [B\n"));
    }
}
