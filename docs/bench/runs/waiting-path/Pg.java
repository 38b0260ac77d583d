// An interleaved microbenchmark of docs/BENCHMARKS.md: one plain autocommit INSERT, then the same row written as Sluice's
// one-round-trip flush writes it (ledger id and row, committed), alternately, on one thread; percentiles of each.
// Run: java -cp <the target's JDBC driver jar> Pg.java 6000
import java.sql.*;
import java.util.*;
public class Pg {
  public static void main(String[] a) throws Exception {
    int n = Integer.parseInt(a[0]);
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test?user=postgres")) {
      try (Statement s = c.createStatement()) {
        s.execute("DROP TABLE IF EXISTS pgmb_t"); s.execute("DROP TABLE IF EXISTS pgmb_l");
        s.execute("CREATE TABLE pgmb_t (id BIGINT NOT NULL, ts BIGINT NOT NULL, name TEXT, value DOUBLE PRECISION)");
        s.execute("CREATE TABLE pgmb_l (seq BIGSERIAL PRIMARY KEY, table_name VARCHAR(255) NOT NULL, block_id VARCHAR(255) NOT NULL, part_name VARCHAR(255) NOT NULL, CONSTRAINT pgmb_l_block UNIQUE (table_name, block_id))");
        s.execute("CREATE INDEX pgmb_l_by_table ON pgmb_l (table_name, seq)");
      }
      long id = 0;
      long[] pt = new long[n], lt = new long[n];
      for (int i = 0; i < n; i++, id++) {
        long t0 = System.nanoTime();
        try (PreparedStatement p = c.prepareStatement("INSERT INTO pgmb_t (id, ts, name, value) VALUES (?, ?, ?, ?)")) { p.setLong(1,id); p.setLong(2,id); p.setString(3,"event-1"); p.setDouble(4,1.5); p.executeUpdate(); }
        long t1 = System.nanoTime();
        String part = UUID.randomUUID().toString();
        try (PreparedStatement p = c.prepareStatement("WITH sluice_recorded AS (INSERT INTO pgmb_l (table_name, block_id, part_name) VALUES (?, ?, ?)) INSERT INTO pgmb_t (id, ts, name, value) VALUES (?, ?, ?, ?)")) { p.setString(1,"public.sluice_bench_1234_wait_1"); p.setString(2,"part:" + part + "/all_" + id + "_" + id + "_0/0"); p.setString(3,"all_" + id + "_" + id + "_0/" + part); p.setLong(4,id); p.setLong(5,id); p.setString(6,"event-1"); p.setDouble(7,1.5); p.executeUpdate(); }
        long t2 = System.nanoTime();
        pt[i] = t1 - t0; lt[i] = t2 - t1;
      }
      Arrays.sort(pt); Arrays.sort(lt);
      System.out.printf("plain p50 %.0f us p90 %.0f; with ledger p50 %.0f us p90 %.0f (n=%d, load %s)%n", pt[n/2]/1e3, pt[n*9/10]/1e3, lt[n/2]/1e3, lt[n*9/10]/1e3, n, new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/loadavg"))).split(" ")[0]);
      try (Statement s = c.createStatement()) { s.execute("DROP TABLE pgmb_t"); s.execute("DROP TABLE pgmb_l"); }
    }
  }
}
