package io.streamrank.jobs.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The CPU time of this JVM over wall-clock time, from samples that the caller takes. In the
 * feature benchmark this JVM runs the Kafka broker, the MiniCluster and the benchmark's own
 * clients, so the CPU time per event covers all of them.
 */
final class CpuTimeline {

    private final com.sun.management.OperatingSystemMXBean os;
    private final List<long[]> samples = new ArrayList<>();

    CpuTimeline() {
        os = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean bean
                ? bean
                : null;
    }

    /** Returns whether this JVM reports its CPU time; without it every figure is NaN. */
    boolean isSupported() {
        return os != null && os.getProcessCpuTime() >= 0;
    }

    /** Records the CPU time used so far at the current wall-clock time. */
    void sample() {
        if (isSupported()) {
            samples.add(new long[] {System.currentTimeMillis(), os.getProcessCpuTime()});
        }
    }

    /**
     * Returns the CPU time in milliseconds used between two wall-clock times, interpolated
     * linearly between the samples around each, or NaN when the samples do not cover both.
     */
    double cpuMillisBetween(long fromWallMillis, long toWallMillis) {
        return (cpuNanosAt(toWallMillis) - cpuNanosAt(fromWallMillis)) / 1e6;
    }

    private double cpuNanosAt(long wallMillis) {
        for (int i = 1; i < samples.size(); i++) {
            long[] before = samples.get(i - 1);
            long[] after = samples.get(i);
            if (before[0] <= wallMillis && wallMillis <= after[0]) {
                double share = after[0] == before[0] ? 0 : (double) (wallMillis - before[0]) / (after[0] - before[0]);
                return before[1] + share * (after[1] - before[1]);
            }
        }
        return Double.NaN;
    }
}
