package io.sluice.jdbc;

import io.sluice.engine.Engines;
import io.sluice.spi.log.Logger;
import io.sluice.spi.log.LoggerFactory;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Errors about a {@code jdbc:sluice:} URL that name the fix: the URL's shape when it has no target scheme, the
 * scheme a driver expects when a common alias was written ({@code postgres} for {@code postgresql}), the Maven
 * coordinates of a target driver that is not on the class path; and a warning for a parameter of an SQLite
 * target that is neither a Sluice setting nor an sqlite-jdbc option (sqlite-jdbc would make it part of the
 * file name). Stateless apart from remembering which URLs it has warned about.
 */
final class TargetUrlAdvice {
    private static final Logger log = LoggerFactory.getLogger(SluiceDriver.class);

    static final String SHAPE = "jdbc:sluice:<target JDBC URL without 'jdbc:'>[?setting=value&…], e.g."
            + " jdbc:sluice:sqlite:/path/app.db, jdbc:sluice:postgresql://host:5432/db?user=app,"
            + " jdbc:sluice:mariadb://host:3306/db?user=app";

    /** Scheme aliases people write, and the scheme the target's driver accepts. */
    private static final Map<String, String> ALIASES = Map.of(
            "postgres", "postgresql", "pg", "postgresql", "pgsql", "postgresql", "psql", "postgresql",
            "sqlite3", "sqlite", "maria", "mariadb", "mariadbdb", "mariadb");

    /** Target schemes and the Maven coordinates of their drivers. */
    private static final Map<String, String> DRIVERS = Map.of(
            "postgresql", "org.postgresql:postgresql (e.g. 42.7.4)",
            "mariadb", "org.mariadb.jdbc:mariadb-java-client (e.g. 3.5.1)",
            "mysql", "com.mysql:mysql-connector-j, or org.mariadb.jdbc:mariadb-java-client with jdbc:sluice:mariadb://",
            "sqlite", "org.xerial:sqlite-jdbc",
            "h2", "com.h2database:h2",
            "sqlserver", "com.microsoft.sqlserver:mssql-jdbc",
            "oracle", "com.oracle.database.jdbc:ojdbc11",
            "clickhouse", "com.clickhouse:clickhouse-jdbc");

    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private TargetUrlAdvice() {}

    /** The target's scheme ({@code postgresql} of {@code jdbc:sluice:postgresql://…}), or "" when it has none. */
    static String scheme(String url) {
        String target = url.substring(Engines.URL_PREFIX.length());
        int colon = target.indexOf(':');
        if (colon <= 0) {
            return "";
        }
        String scheme = target.substring(0, colon);
        return scheme.chars().allMatch(ch -> Character.isLetterOrDigit(ch) || ch == '-' || ch == '_')
                ? scheme.toLowerCase(Locale.ROOT) : "";
    }

    /**
     * {@code failure} with a message that names the fix, when there is one to name; else {@code failure}
     * itself. The original stays the cause.
     */
    static SQLException explain(String url, SQLException failure) {
        String scheme = scheme(url);
        String message = failure.getMessage() == null ? "" : failure.getMessage();
        String advice = null;
        if (scheme.isEmpty()) {
            advice = "The URL has no target scheme. Its shape is " + SHAPE + ".";
        } else if (ALIASES.containsKey(scheme)) {
            String fixed = ALIASES.get(scheme);
            advice = "The target scheme '" + scheme + "' is not one a driver accepts: write '" + fixed + "', as in "
                    + hidePassword(Engines.URL_PREFIX + fixed + url.substring(Engines.URL_PREFIX.length() + scheme.length()))
                    + (DRIVERS.containsKey(fixed) ? " (driver " + DRIVERS.get(fixed) + ")" : "") + ".";
        } else if (message.contains("No JDBC driver") || message.contains("No suitable driver")) {
            advice = DRIVERS.containsKey(scheme)
                    ? "Add the target's JDBC driver to the application: Maven " + DRIVERS.get(scheme) + "."
                    : "Add the JDBC driver of '" + scheme + "' to the application's class path.";
        }
        if (advice == null) {
            return failure;
        }
        return new SQLException(message + (message.isEmpty() ? "" : " ") + advice, failure.getSQLState(), failure.getErrorCode(),
                failure);
    }

    private static String hidePassword(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1…");
    }

    /**
     * The query parameters of an SQLite target that are neither Sluice settings nor sqlite-jdbc options;
     * empty for other targets.
     */
    static List<String> unknownSqliteParameters(String url) throws SQLException {
        if (!scheme(url).equals("sqlite")) {
            return List.of();
        }
        int query = url.indexOf('?');
        if (query < 0) {
            return List.of();
        }
        Set<String> known = sqliteOptions();
        String settings = Engines.settingsMarkdown();
        List<String> unknown = new ArrayList<>();
        for (String pair : url.substring(query + 1).split("&")) {
            String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
            if (!name.isEmpty() && !known.contains(name.toLowerCase(Locale.ROOT)) && !settings.contains("`" + name + "`")) {
                unknown.add(name);
            }
        }
        return unknown;
    }

    /** Logs one warning per URL whose SQLite target has parameters nothing understands. */
    static void warnAboutUnknownParameters(String url) {
        try {
            List<String> unknown = unknownSqliteParameters(url);
            if (!unknown.isEmpty() && WARNED.add(url)) {
                log.warn("{}: {} neither a Sluice setting nor an sqlite-jdbc option; sqlite-jdbc makes unknown parameters"
                        + " part of the database file's name. Settings are listed by `./sluice settings`.",
                        hidePassword(url), unknown.size() == 1 ? "'" + unknown.get(0) + "' is"
                                : String.join(", ", unknown) + " are");
            }
        } catch (SQLException | LinkageError e) {
            // Only a warning is at stake; the connection itself is fine.
        }
    }

    private static Set<String> sqliteOptions() {
        Set<String> names = new HashSet<>();
        for (org.sqlite.SQLiteConfig.Pragma pragma : org.sqlite.SQLiteConfig.Pragma.values()) {
            names.add(pragma.pragmaName.toLowerCase(Locale.ROOT));
        }
        return names;
    }
}
