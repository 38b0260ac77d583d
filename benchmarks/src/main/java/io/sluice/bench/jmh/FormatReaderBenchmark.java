package io.sluice.bench.jmh;

import io.sluice.parser.format.DataParseException;
import io.sluice.parser.format.Format;
import io.sluice.parser.format.FormatReader;
import io.sluice.parser.format.RowSink;
import io.sluice.spi.ColumnInfo;
import io.sluice.spi.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One {@link FormatReader#read} of one buffered entry, as a flush does for each entry: the entry's text is a
 * whole INSERT statement and reading starts at its data, against the columns of a small table (INTEGER NOT
 * NULL, TEXT NOT NULL, REAL NOT NULL, nullable TEXT that is NULL in every other row). Every row array the
 * reader produces goes to a {@link Blackhole}. One operation is one entry of {@code rows} rows.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class FormatReaderBenchmark {
    static final List<ColumnInfo> COLUMNS = List.of(
            ColumnInfo.of("id", "INTEGER", ValueType.INTEGER, false, false),
            ColumnInfo.of("name", "TEXT", ValueType.TEXT, false, false),
            ColumnInfo.of("value", "REAL", ValueType.REAL, false, false),
            ColumnInfo.of("note", "TEXT", ValueType.TEXT, true, false));

    @Param({"Values", "CSV", "TabSeparated", "JSONEachRow"})
    public String format;

    @Param({"1", "100"})
    public int rows;

    private FormatReader reader;
    private String entry;
    private int dataStart;
    private final BlackholeSink sink = new BlackholeSink();

    /** Hands every row to the benchmark's blackhole. */
    static final class BlackholeSink implements RowSink {
        Blackhole bh;

        @Override
        public void accept(Object[] row) {
            bh.consume(row);
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws DataParseException {
        Format parsed = Format.byName(format).orElseThrow(() -> new IllegalArgumentException("Unknown format " + format));
        reader = parsed.reader();
        String head = "INSERT INTO events (id, name, value, note) " + (parsed == Format.VALUES ? "VALUES " : "FORMAT " + parsed.canonicalName() + "\n");
        entry = head + data(parsed, rows);
        dataStart = head.length();
        // The entry must read back as the rows it was built from.
        List<Object[]> read = new ArrayList<>();
        int count = reader.read(entry, dataStart, COLUMNS, read::add);
        if (count != rows || read.size() != rows || !(read.get(0)[0] instanceof Long) || !(read.get(0)[2] instanceof Double)
                || read.get(0)[3] != null || (rows > 1 && !"note 1".equals(read.get(1)[3]))) {
            throw new IllegalStateException(format + " read " + count + " rows, first " + java.util.Arrays.toString(read.get(0)));
        }
    }

    /** {@code rows} rows in {@code format}; row i is (i, 'name-i', i * 0.25, NULL or 'note i'). */
    static String data(Format format, int rows) {
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            long id = 1_000_000L + i;
            String name = "name-" + i;
            String value = Double.toString(i * 0.25 + 0.5);
            String note = i % 2 == 0 ? null : "note " + i;
            switch (format) {
                case VALUES -> data.append(i == 0 ? "" : ", ").append('(').append(id).append(", '").append(name).append("', ").append(value)
                        .append(", ").append(note == null ? "NULL" : "'" + note + "'").append(')');
                case CSV -> data.append(id).append(",\"").append(name).append("\",").append(value).append(',')
                        .append(note == null ? "\\N" : "\"" + note + "\"").append('\n');
                case TAB_SEPARATED -> data.append(id).append('\t').append(name).append('\t').append(value).append('\t')
                        .append(note == null ? "\\N" : note).append('\n');
                case JSON_EACH_ROW -> data.append("{\"id\":").append(id).append(",\"name\":\"").append(name).append("\",\"value\":")
                        .append(value).append(",\"note\":").append(note == null ? "null" : "\"" + note + "\"").append("}\n");
                default -> throw new IllegalArgumentException("No data generator for " + format);
            }
        }
        return data.toString();
    }

    @Benchmark
    public int read(Blackhole bh) throws DataParseException {
        sink.bh = bh;
        return reader.read(entry, dataStart, COLUMNS, sink);
    }
}
