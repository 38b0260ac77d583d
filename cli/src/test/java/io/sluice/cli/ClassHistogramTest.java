package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.cli.BenchResults.ClassBytes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassHistogramTest {
    private static final String BEFORE = """
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:          1000         100000  [B (java.base@17.0.15)
               2:           500          12000  java.lang.String (java.base@17.0.15)
               3:            10            480  io.sluice.engine.PendingInsert
            Total          1510         112480
            """;
    private static final String AFTER = """
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:          3000         900000  [B (java.base@17.0.15)
               2:          1010         400480  io.sluice.engine.PendingInsert
               3:           400           9600  java.lang.String (java.base@17.0.15)
            Total          4410        1310080
            """;

    @Test
    void theHistogramIsReadByClass() {
        Map<String, ClassBytes> classes = HeapMeasurement.parseClassHistogram(BEFORE);

        assertThat(classes).hasSize(3);
        assertThat(classes.get("[B")).isEqualTo(new ClassBytes("[B", 1000, 100000));
    }

    @Test
    void growthListsOnlyClassesThatGrewLargestFirst() {
        List<ClassBytes> growth = HeapMeasurement.topGrowth(HeapMeasurement.parseClassHistogram(BEFORE),
                HeapMeasurement.parseClassHistogram(AFTER));

        assertThat(growth).containsExactly(new ClassBytes("[B", 2000, 800000),
                new ClassBytes("io.sluice.engine.PendingInsert", 1000, 400000));
    }

    @Test
    void thisJvmsHistogramCanBeRead() {
        Map<String, ClassBytes> classes = HeapMeasurement.classHistogram();

        assertThat(classes).containsKey("java.lang.String");
        assertThat(classes.get("java.lang.String").bytes()).isPositive();
    }
}
