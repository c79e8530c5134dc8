package io.streamrank.jobs.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The machine a benchmark ran on, as far as the JVM and Linux's {@code /proc} tell.
 *
 * @param cpuModel the first processor's model name from {@code /proc/cpuinfo}, or the
 *     architecture where that file is missing
 * @param cores processors available to the JVM
 * @param memoryBytes physical memory, or -1 when unknown
 * @param java the JVM's version and name
 * @param os the operating system's name and version
 */
public record MachineInfo(String cpuModel, int cores, long memoryBytes, String java, String os) {

    private static final Path CPU_INFO = Path.of("/proc/cpuinfo");
    private static final Path LOAD_AVERAGE = Path.of("/proc/loadavg");

    public static MachineInfo current() {
        long memory = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            memory = os.getTotalMemorySize();
        }
        return new MachineInfo(
                readCpuModel(),
                Runtime.getRuntime().availableProcessors(),
                memory,
                System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
                System.getProperty("os.name") + " " + System.getProperty("os.version"));
    }

    /**
     * Returns the system load averages over 1, 5 and 15 minutes as {@code /proc/loadavg} shows
     * them, or the JVM's one-minute figure where that file is missing.
     */
    public static String loadAverage() {
        try {
            List<String> fields = List.of(Files.readString(LOAD_AVERAGE, StandardCharsets.US_ASCII).trim().split("\\s+"));
            return String.join(" ", fields.subList(0, Math.min(3, fields.size())));
        } catch (IOException e) {
            return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static String readCpuModel() {
        try {
            for (String line : Files.readAllLines(CPU_INFO, StandardCharsets.UTF_8)) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // Not Linux: the architecture is all there is.
        }
        return System.getProperty("os.arch");
    }
}
