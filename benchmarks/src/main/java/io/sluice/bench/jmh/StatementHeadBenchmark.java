package io.sluice.bench.jmh;

import io.sluice.parser.InsertStatement;
import io.sluice.parser.PassThroughStatement;
import io.sluice.parser.SetStatement;
import io.sluice.parser.Statement;
import io.sluice.parser.StatementParser;
import io.sluice.spi.SluiceSqlException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link StatementParser#parse} as a session calls it for every statement.
 *
 * <ul>
 *   <li>{@code insertCachedHead}: INSERTs that all share one head ({@code INSERT INTO events (id, ts, name,
 *       value) VALUES}) with different data; the head is in the cache, so this is the hand-written scanner,
 *       the hash of the head's text and one map lookup: the INSERT hot path.
 *   <li>{@code insertFirstSeenHead}: every INSERT has a head the cache has not seen (a different table name
 *       each time, and a parser whose cache holds one head), so each one is parsed with ANTLR: what an ad-hoc
 *       head costs once.
 *   <li>{@code selectPassThrough}: a plain {@code SELECT} classified as pass-through (keyword check plus the
 *       scan for {@code system.} tables).
 *   <li>{@code setStatement}: {@code SET name = value}, which always goes through the ANTLR grammar.
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class StatementHeadBenchmark {
    /** Statements per array: a power of two, enough that the data differs from call to call. */
    private static final int STATEMENTS = 4096;
    private static final int MASK = STATEMENTS - 1;

    @State(Scope.Benchmark)
    public static class Statements {
        /** The engine's parser; its cache is warmed with the one head {@link #cached} uses. */
        StatementParser parser;
        /** A parser whose cache holds one head, so a stream of distinct heads always misses. */
        StatementParser missingParser;
        final String[] cached = new String[STATEMENTS];
        final String[] firstSeen = new String[STATEMENTS];
        final String select = "SELECT id, name, value FROM events WHERE id > 42 ORDER BY ts DESC LIMIT 10";
        final String set = "SET async_insert_busy_timeout_max_ms = 500";

        @Setup(Level.Trial)
        public void setUp() throws SluiceSqlException {
            parser = new StatementParser(10_000);
            missingParser = new StatementParser(1);
            for (int i = 0; i < STATEMENTS; i++) {
                cached[i] = SqliteTarget.insertSql(i);
                firstSeen[i] = "INSERT INTO events_" + i + " (id, ts, name, value) VALUES (" + i + ", " + (1_700_000_000_000L + i)
                        + ", 'name-" + i + "', " + (i * 0.25) + ")";
            }
            // Check that each benchmark exercises the path it claims to.
            Statement first = parser.parse(cached[0]);
            Statement second = parser.parse(cached[1]);
            if (!(first instanceof InsertStatement a) || !(second instanceof InsertStatement b) || a.head() != b.head()) {
                throw new IllegalStateException("The INSERTs should share one cached head");
            }
            Statement miss1 = missingParser.parse(firstSeen[0]);
            Statement miss2 = missingParser.parse(firstSeen[1]);
            Statement miss3 = missingParser.parse(firstSeen[0]);
            if (((InsertStatement) miss1).head() == ((InsertStatement) miss3).head()
                    || ((InsertStatement) miss1).head().table().equals(((InsertStatement) miss2).head().table())) {
                throw new IllegalStateException("Each first-seen INSERT should be parsed anew");
            }
            if (!(parser.parse(select) instanceof PassThroughStatement) || !(parser.parse(set) instanceof SetStatement)) {
                throw new IllegalStateException("SELECT should pass through and SET be a SetStatement");
            }
        }
    }

    /** Each thread walks the statement arrays from its own cursor. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    @Benchmark
    public void insertCachedHead(Statements s, Cursor c, Blackhole bh) throws SluiceSqlException {
        InsertStatement insert = (InsertStatement) s.parser.parse(s.cached[c.next++ & MASK]);
        bh.consume(insert.head());
        bh.consume(insert.dataStart());
    }

    @Benchmark
    public void insertFirstSeenHead(Statements s, Cursor c, Blackhole bh) throws SluiceSqlException {
        InsertStatement insert = (InsertStatement) s.missingParser.parse(s.firstSeen[c.next++ & MASK]);
        bh.consume(insert.head());
        bh.consume(insert.dataStart());
    }

    @Benchmark
    public Statement selectPassThrough(Statements s) throws SluiceSqlException {
        return s.parser.parse(s.select);
    }

    @Benchmark
    public Statement setStatement(Statements s) throws SluiceSqlException {
        return s.parser.parse(s.set);
    }
}
