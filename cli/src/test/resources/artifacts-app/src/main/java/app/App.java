package app;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/** Inserts through a HikariCP pool of Sluice connections and prints the count it reads back. */
public final class App {
    public static void main(String[] args) throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:sluice:sqlite:" + args[0]);
        try (HikariDataSource pool = new HikariDataSource(config);
             Connection connection = pool.getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS events (id INTEGER, name TEXT)");
            for (int i = 0; i < 3; i++) {
                statement.executeUpdate("INSERT INTO events VALUES (" + i + ", 'e')");
            }
            try (ResultSet count = statement.executeQuery("SELECT count(*) FROM events")) {
                count.next();
                System.out.println("rows=" + count.getLong(1));
            }
        }
    }
}
