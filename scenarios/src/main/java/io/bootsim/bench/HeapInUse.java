package io.bootsim.bench;

import java.lang.management.MemoryMXBean;

/**
 * The heap a run retains, measured after full collections until one frees less than {@link #SETTLED}.
 * One collection is not enough: objects that die only after a finalizer or a cleaner has run (as
 * some of the TLS and socket objects a run leaves behind do) are freed by the next one. With a single
 * collection the bench's before and after figures carried up to tens of MiB of such garbage (before a
 * 200-node run: 107 MiB after one collection, 15.7 MiB after the second), which at 100 nodes made the
 * heap per kubelet anything from nothing to 76 KiB over three runs; settled, 97 and 112 KiB.
 */
final class HeapInUse {

    private static final long SETTLED = 1 << 20;
    private static final int MOST_COLLECTIONS = 5;

    private HeapInUse() {
    }

    static long settled(MemoryMXBean memory) throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < MOST_COLLECTIONS; i++) {
            System.gc();
            Thread.sleep(50); // the finalizer and cleaner threads run what the collection found
            long now = memory.getHeapMemoryUsage().getUsed();
            if (used - now < SETTLED) {
                return now;
            }
            used = now;
        }
        return used;
    }
}
