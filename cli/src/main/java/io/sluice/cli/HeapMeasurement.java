package io.sluice.cli;

import io.sluice.cli.BenchResults.ClassBytes;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;

/**
 * This JVM's heap as the heap scenario measures it: heap used after {@code System.gc()}, the heap's bound,
 * and the live-object class histogram with the classes that grew most between two of them. Stateless.
 */
final class HeapMeasurement {
    private static final int TOP_CLASSES = 12;

    private HeapMeasurement() {}

    /** Asks for a full collection three times, so that what is left is mostly live. */
    static void collectGarbage() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
    }

    /** Heap used now, in bytes. */
    static long used() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The most heap this JVM may use, in bytes, or -1 when it has no bound. */
    static long max() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
    }

    /**
     * The live-object class histogram of this JVM ({@code GC.class_histogram} through the diagnostic-command
     * MBean), by class name; empty when the JVM does not offer it.
     */
    static Map<String, ClassBytes> classHistogram() {
        try {
            Object text = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            return parseClassHistogram(String.valueOf(text));
        } catch (Exception e) {
            return Map.of();
        }
    }

    /** Parses {@code GC.class_histogram} output: {@code "   1:   12345   678901  [B (java.base@17)"}. */
    static Map<String, ClassBytes> parseClassHistogram(String text) {
        Map<String, ClassBytes> classes = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length < 4 || !parts[0].endsWith(":")) {
                continue;
            }
            try {
                long instances = Long.parseLong(parts[1]);
                long bytes = Long.parseLong(parts[2]);
                classes.merge(parts[3], new ClassBytes(parts[3], instances, bytes),
                        (a, b) -> new ClassBytes(a.name(), a.instances() + b.instances(), a.bytes() + b.bytes()));
            } catch (NumberFormatException e) {
                // a header or total line
            }
        }
        return classes;
    }

    /** The classes whose bytes grew most from {@code before} to {@code after}, largest growth first. */
    static List<ClassBytes> topGrowth(Map<String, ClassBytes> before, Map<String, ClassBytes> after) {
        List<ClassBytes> growth = new ArrayList<>();
        for (ClassBytes now : after.values()) {
            ClassBytes then = before.get(now.name());
            long bytes = now.bytes() - (then == null ? 0 : then.bytes());
            if (bytes > 0) {
                growth.add(new ClassBytes(now.name(), now.instances() - (then == null ? 0 : then.instances()), bytes));
            }
        }
        growth.sort(Comparator.comparingLong(ClassBytes::bytes).reversed());
        return List.copyOf(growth.subList(0, Math.min(TOP_CLASSES, growth.size())));
    }
}
