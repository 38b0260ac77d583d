package app;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/** The same through DriverManager alone, for a class path of the all-in-one jar and sqlite-jdbc only. */
public final class Plain {
    public static void main(String[] args) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sluice:sqlite:" + args[0]);
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
