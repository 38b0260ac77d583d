package io.sluice.conformance;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * The child process of {@link GracefulShutdownTest}: sends {@value #STATEMENTS} INSERTs of
 * {@value #ROWS_PER_STATEMENT} rows each without waiting, with a deadline far away, prints {@code sent},
 * and then either returns from {@code main} without closing anything (the JVM shutdown hook must flush)
 * or, with the argument {@code hang}, blocks until it is killed.
 *
 * <p>Arguments: the SQLite file, then {@code return} or {@code hang}.
 */
public final class ShutdownChild {
    static final int STATEMENTS = 1_000;
    static final int ROWS_PER_STATEMENT = 5;
    static final int ROWS = STATEMENTS * ROWS_PER_STATEMENT;

    private ShutdownChild() {}

    public static void main(String[] args) throws Exception {
        String url = "jdbc:sluice:sqlite:" + args[0] + "?wait_for_async_insert=0&async_insert_busy_timeout_max_ms=600000";
        Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement();
        statement.executeUpdate("CREATE TABLE t (n INTEGER NOT NULL)");
        int n = 0;
        for (int i = 0; i < STATEMENTS; i++) {
            StringBuilder sql = new StringBuilder("INSERT INTO t VALUES ");
            for (int r = 0; r < ROWS_PER_STATEMENT; r++) {
                sql.append(r == 0 ? "" : ", ").append('(').append(n++).append(')');
            }
            statement.executeUpdate(sql.toString());
        }
        System.out.println("sent");
        System.out.flush();
        if (args[1].equals("hang")) {
            Thread.sleep(Long.MAX_VALUE);
        }
        // Returning leaves the connection open and the buffers full: only the shutdown hook can save them.
    }
}
