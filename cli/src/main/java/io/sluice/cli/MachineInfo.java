package io.sluice.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine a run measured: processors, CPU model, memory, JDK, operating system and load average, read
 * from the JVM and {@code /proc} where it exists.
 */
record MachineInfo(int processors, String cpuModel, long memoryBytes, String jdk, String os, double loadAverage) {
    static MachineInfo current() {
        return new MachineInfo(Runtime.getRuntime().availableProcessors(), readCpuModel(), readMemoryBytes(),
                System.getProperty("java.vm.name", "?") + " " + System.getProperty("java.runtime.version", "?"),
                System.getProperty("os.name", "?") + " " + System.getProperty("os.version", "?") + " ("
                        + System.getProperty("os.arch", "?") + ")",
                currentLoadAverage());
    }

    static double currentLoadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    String describe() {
        return String.format("%d processors, %s, %s RAM, %s, %s, load average %.2f", processors, cpuModel,
                memoryBytes > 0 ? Units.bytes(memoryBytes) : "?", jdk, os, loadAverage);
    }

    private static String readCpuModel() {
        for (String line : lines("/proc/cpuinfo")) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return System.getProperty("os.arch", "?");
    }

    private static long readMemoryBytes() {
        for (String line : lines("/proc/meminfo")) {
            if (line.startsWith("MemTotal:")) {
                String[] parts = line.substring("MemTotal:".length()).trim().split("\\s+");
                try {
                    return Long.parseLong(parts[0]) * 1024;
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    private static List<String> lines(String file) {
        try {
            return Files.readAllLines(Path.of(file));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
