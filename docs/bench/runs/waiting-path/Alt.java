// The alternating harness of docs/BENCHMARKS.md ("Waiting callers on PostgreSQL and MariaDB"): N threads of plain
// autocommit INSERTs and N threads of Sluice waiting INSERTs (wait_for_async_insert=1) take turns in 1-second slices
// after 15 s of warm-up, so that both see the same load; it prints the median of the per-pair ratios and the
// process CPU per row of each. Run with the CLI jar, which bundles Sluice and both drivers:
//   java -cp cli/target/sluice.jar docs/bench/runs/waiting-path/Alt.java postgresql 'postgresql://127.0.0.1:5432/test?user=postgres' 1 30 1000
//   java -cp cli/target/sluice.jar docs/bench/runs/waiting-path/Alt.java mariadb 'mariadb://127.0.0.1:3306/test?user=root' 10 20 1000
import java.sql.*;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;

/** Alternates 1-second slices of plain autocommit INSERTs and Sluice waiting INSERTs (same clients count), reports per-pair ratios. */
public class Alt {
  static volatile boolean stop;
  static long pCpu, sCpu;
  static LongAdder clientCpu = new LongAdder();
  static Map<String, Long> perThread = new TreeMap<>();
  static Map<String, Long> threads() {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    Map<String, Long> m = new HashMap<>();
    for (java.lang.management.ThreadInfo ti : mx.getThreadInfo(mx.getAllThreadIds())) { if (ti == null) continue; long c = mx.getThreadCpuTime(ti.getThreadId()); if (c > 0) m.put(ti.getThreadName() + "#" + ti.getThreadId(), c); }
    return m;
  }
  public static void main(String[] a) throws Exception {
    String kind = a[0]; String target = a[1]; int clients = Integer.parseInt(a[2]); int cycles = Integer.parseInt(a[3]); long sliceMs = Long.parseLong(a[4]);
    String plainUrl = "jdbc:" + target;
    String sluiceUrl = "jdbc:sluice:" + target + (target.contains("?") ? "&" : "?") + "wait_for_async_insert=1";
    String table = "alt_" + ProcessHandle.current().pid();
    try (Connection c = DriverManager.getConnection(plainUrl); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + table);
      s.execute("CREATE TABLE " + table + " (id BIGINT NOT NULL, ts BIGINT NOT NULL, name VARCHAR(32), value DOUBLE PRECISION)".replace("DOUBLE PRECISION", kind.equals("mariadb") ? "DOUBLE" : "DOUBLE PRECISION"));
    }
    AtomicLong ids = new AtomicLong();
    List<Connection> plain = new ArrayList<>(), sluice = new ArrayList<>();
    for (int i = 0; i < clients; i++) { plain.add(DriverManager.getConnection(plainUrl)); sluice.add(DriverManager.getConnection(sluiceUrl)); }
    // warm-up: 15 s alternating
    for (int w = 0; w < 5; w++) { slice(plain, table, ids, 1500); slice(sluice, table, ids, 1500); }
    List<Double> ratios = new ArrayList<>(); long pSum = 0, sSum = 0;
    com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    for (int i = 0; i < cycles; i++) {
      long p, s;
      long c0 = os.getProcessCpuTime(); p = slice(plain, table, ids, sliceMs); long c1 = os.getProcessCpuTime(); Map<String, Long> t0 = threads(); long cc0 = clientCpu.sum(); s = slice(sluice, table, ids, sliceMs); long c2 = os.getProcessCpuTime(); Map<String, Long> t1 = threads(); perThread.merge("client threads", clientCpu.sum() - cc0, Long::sum);
      for (Map.Entry<String, Long> e : t1.entrySet()) { Long b = t0.get(e.getKey()); if (b != null) perThread.merge(e.getKey().replaceAll("[0-9]+", "N"), e.getValue() - b, Long::sum); }
      pCpu += c1 - c0; sCpu += c2 - c1;
      ratios.add(s / (double) p); pSum += p; sSum += s;
    }
    Collections.sort(ratios);
    System.out.printf(Locale.ROOT, "CPU per row: plain %.1f us, sluice %.1f us%n", pCpu / 1e3 / pSum, sCpu / 1e3 / sSum);
    final long rowsS = sSum; perThread.forEach((k, v) -> { if (v / 1e3 / rowsS > 1) System.out.printf(Locale.ROOT, "  %-40s %.1f us/row%n", k, v / 1e3 / rowsS); });
    System.out.printf(Locale.ROOT, "%s %d clients, %d pairs of %d ms: plain %.0f rows/s, sluice %.0f rows/s; ratio median %.2f (quartiles %.2f–%.2f, min %.2f, max %.2f); load %s%n",
        kind, clients, cycles, sliceMs, pSum * 1000.0 / (cycles * sliceMs), sSum * 1000.0 / (cycles * sliceMs), ratios.get(cycles / 2), ratios.get(cycles / 4), ratios.get(3 * cycles / 4), ratios.get(0), ratios.get(cycles - 1),
        new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/loadavg"))).split(" ")[0]);
    for (Connection c : plain) c.close(); for (Connection c : sluice) c.close();
    try (Connection c = DriverManager.getConnection(plainUrl); Statement s = c.createStatement()) { s.execute("DROP TABLE " + table); }
    System.exit(0);
  }
  static long slice(List<Connection> connections, String table, AtomicLong ids, long ms) throws Exception {
    LongAdder done = new LongAdder();
    long end = System.nanoTime() + ms * 1_000_000L;
    List<Thread> threads = new ArrayList<>();
    for (Connection c : connections) {
      Thread t = new Thread(() -> {
        try (Statement s = c.createStatement()) {
          while (System.nanoTime() - end < 0) {
            long id = ids.incrementAndGet();
            s.executeUpdate("INSERT INTO " + table + " (id, ts, name, value) VALUES (" + id + ", " + (1700000000000L + id) + ", 'event-" + (id % 100) + "', " + (id / 10.0) + ")");
            done.increment();
          }
          clientCpu.add(java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
        } catch (SQLException e) { throw new RuntimeException(e); }
      });
      t.start(); threads.add(t);
    }
    for (Thread t : threads) t.join();
    return done.sum();
  }
}
