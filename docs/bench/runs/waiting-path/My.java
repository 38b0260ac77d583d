// An interleaved microbenchmark of docs/BENCHMARKS.md: one plain autocommit INSERT, then the same row written as Sluice's
// one-round-trip flush writes it (ledger id and row, committed), alternately, on one thread; percentiles of each.
// Run: java -cp <the target's JDBC driver jar> My.java 6000
import java.sql.*;
import java.util.*;
public class My {
  public static void main(String[] a) throws Exception {
    int n = Integer.parseInt(a[0]);
    String url = "jdbc:mariadb://127.0.0.1:3306/test?user=root&allowMultiQueries=true";
    try (Connection c = DriverManager.getConnection(url); Connection m = DriverManager.getConnection(url)) {
      try (Statement s = c.createStatement()) {
        s.execute("DROP TABLE IF EXISTS mymb_t"); s.execute("DROP TABLE IF EXISTS mymb_l");
        s.execute("CREATE TABLE mymb_t (id BIGINT NOT NULL, ts BIGINT NOT NULL, name VARCHAR(32), value DOUBLE) ENGINE=InnoDB");
        s.execute("CREATE TABLE mymb_l (seq BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, table_name VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL, block_id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL, part_name VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL, UNIQUE KEY k (table_name, block_id), KEY k2 (table_name, seq)) ENGINE=InnoDB");
      }
      m.setAutoCommit(false);
      long id = 0;
      long[] pt = new long[n], lt = new long[n];
      for (int i = 0; i < n; i++, id++) {
        long t0 = System.nanoTime();
        try (PreparedStatement p = c.prepareStatement("INSERT INTO mymb_t (id, ts, name, value) VALUES (?, ?, ?, ?)")) { p.setLong(1,id); p.setLong(2,id); p.setString(3,"event-1"); p.setDouble(4,1.5); p.executeUpdate(); }
        long t1 = System.nanoTime();
        String part = UUID.randomUUID().toString();
        try (PreparedStatement p = m.prepareStatement("INSERT INTO mymb_l (table_name, block_id, part_name) VALUES (?, ?, ?); INSERT INTO mymb_t (id, ts, name, value) VALUES (?, ?, ?, ?); COMMIT")) { p.setString(1,"test.sluice_bench_1234_wait_1"); p.setString(2,"part:" + part + "/all_" + id + "_" + id + "_0/0"); p.setString(3,"all_" + id + "_" + id + "_0/" + part); p.setLong(4,id); p.setLong(5,id); p.setString(6,"event-1"); p.setDouble(7,1.5); p.executeUpdate(); while (p.getMoreResults() || p.getUpdateCount() != -1) {} }
        m.commit();
        long t2 = System.nanoTime();
        pt[i] = t1 - t0; lt[i] = t2 - t1;
      }
      Arrays.sort(pt); Arrays.sort(lt);
      System.out.printf("plain p50 %.0f us p90 %.0f; with ledger (one multi-statement) p50 %.0f us p90 %.0f (n=%d, load %s)%n", pt[n/2]/1e3, pt[n*9/10]/1e3, lt[n/2]/1e3, lt[n*9/10]/1e3, n, new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/loadavg"))).split(" ")[0]);
      try (Statement s = c.createStatement()) { s.execute("DROP TABLE mymb_t"); s.execute("DROP TABLE mymb_l"); }
    }
  }
}
