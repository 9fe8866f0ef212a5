package dev.sparkvar.run;

import java.lang.management.ManagementFactory;

/**
 * How many runs this machine holds at once when {@code sparkvar.admission.max-running} is not set: as many as both
 * its cores and its memory allow for the configured per-run footprint, and at least one.
 */
final class RunCapacity {

    private RunCapacity() {
    }

    /** {@code max(1, min(processors / runCores, totalMemory / runMemory))}. */
    static int of(int processors, long totalMemoryBytes, int runCores, long runMemoryBytes) {
        long byCores = processors / Math.max(1, runCores);
        long byMemory = totalMemoryBytes / Math.max(1, runMemoryBytes);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.min(byCores, byMemory)));
    }

    /** The configured value, or the capacity of this machine (its container's limits where there are any). */
    static int maxRunning(AdmissionConfig config) {
        return config.maxRunning().orElseGet(() -> of(Runtime.getRuntime().availableProcessors(), totalMemory(),
                config.runCores(), config.runMemory().asLongValue()));
    }

    /** Physical memory (or the container's limit); without the JDK's extended bean, this JVM's own largest heap. */
    static long totalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory();
    }
}
