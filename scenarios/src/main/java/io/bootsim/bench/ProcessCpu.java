package io.bootsim.bench;

import java.lang.management.ManagementFactory;

/**
 * CPU time of this JVM and the machine's load: on a shared machine wall times depend on what else
 * runs, while the CPU the bench itself spent does not, so the report gives both.
 */
public final class ProcessCpu {

    private ProcessCpu() {
    }

    /** CPU nanoseconds this process has used, all threads, user and system. */
    static long nanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The most open files this process may hold ({@code ulimit -n}). */
    public static long maxFiles() {
        return ((com.sun.management.UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getMaxFileDescriptorCount();
    }

    /** The one-minute load average, as uptime prints it. */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
