package io.bootsim.bench;

import javax.management.JMException;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;

/**
 * The bytes of the objects a run keeps alive, as a class histogram of live objects counts them
 * ({@code jcmd PID GC.class_histogram}, through the JVM's diagnostic command bean). The heap's "used"
 * figure after {@code System.gc()} is not that: the parallel collector's full collection leaves dead
 * objects in the part of the old generation it does not compact, and garbage that dies only after a
 * finalizer or a cleaner has run survives the collection that finds it. A throttled 500-node run read
 * 99-115 MiB used after each of four collections while the histogram counted 75 MiB live, and one
 * collection before a 200-node run left 107 MiB used where the next left 15.7.
 */
final class HeapInUse {

    private HeapInUse() {
    }

    static long live() throws InterruptedException {
        System.gc(); // finds what only finalizers and cleaners still hold; the histogram's collection frees it
        Thread.sleep(50);
        String histogram;
        try {
            histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
        } catch (JMException e) {
            throw new IllegalStateException("this JVM has no class histogram (HotSpot's diagnostic commands)", e);
        }
        return totalBytes(histogram);
    }

    /** The bytes on the histogram's last line, {@code Total <instances> <bytes>}. */
    static long totalBytes(String histogram) {
        String[] lines = histogram.strip().split("\n");
        String[] total = lines[lines.length - 1].trim().split("\\s+");
        if (total.length != 3 || !total[0].equals("Total")) {
            throw new IllegalStateException("a class histogram that does not end with its total: " + lines[lines.length - 1]);
        }
        return Long.parseLong(total[2]);
    }
}
