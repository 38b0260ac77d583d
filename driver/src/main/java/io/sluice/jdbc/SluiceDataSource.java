package io.sluice.jdbc;

import io.sluice.engine.Engines;
import io.sluice.spi.Clock;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTimeoutException;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} for Sluice URLs, configured with JavaBean properties so that pools and frameworks
 * can build it by class name (HikariCP's {@code dataSourceClassName=io.sluice.jdbc.SluiceDataSource} with
 * the data-source properties {@code url}, {@code user}, {@code password}).
 *
 * <p>Each {@link #getConnection()} opens a new connection on the engine shared by every connection to the
 * same target. Setters and {@code getConnection} may be called from several threads, but a data source is
 * meant to be configured once, before its first connection.
 */
public final class SluiceDataSource implements DataSource {
    /** The {@link Properties} key under which {@link #setClock} passes the clock to the engine. */
    public static final String CLOCK_PROPERTY = "sluice.clock";

    private volatile String url;
    private volatile String user;
    private volatile String password;
    private volatile Properties properties = new Properties();
    private volatile Clock clock;
    private volatile int loginTimeoutSeconds;
    private volatile PrintWriter logWriter;

    /** An unconfigured data source; set at least {@link #setUrl}. */
    public SluiceDataSource() {}

    /** A data source for {@code url} ({@code jdbc:sluice:<target>[?settings]}). */
    public SluiceDataSource(String url) {
        this.url = url;
    }

    public String getUrl() {
        return url;
    }

    /** The Sluice URL, {@code jdbc:sluice:<target>[?settings]}. */
    public void setUrl(String url) {
        this.url = url;
    }

    public String getUser() {
        return user;
    }

    /** The user passed to the target database as the property {@code user}. */
    public void setUser(String user) {
        this.user = user;
    }

    public String getPassword() {
        return password;
    }

    /** The password passed to the target database as the property {@code password}. */
    public void setPassword(String password) {
        this.password = password;
    }

    /** A copy of the connection properties. */
    public Properties getProperties() {
        return SluiceDriver.copyOf(properties);
    }

    /** Connection properties: Sluice settings, and properties of the target driver; copied. */
    public void setProperties(Properties properties) {
        this.properties = SluiceDriver.copyOf(properties);
    }

    /** The clock the engine uses when this data source starts it (tests use a manual clock). */
    public void setClock(Clock clock) {
        this.clock = clock;
    }

    public Clock getClock() {
        return clock;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return getConnection(user, password);
    }

    /**
     * Opens a connection as {@code user}. With a login timeout set, waits at most that long for the
     * engine and the target database; a connection that arrives later is closed.
     */
    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        String target = url;
        if (target == null) {
            throw Errors.badArgument("SluiceDataSource: the url is not set");
        }
        if (!Engines.acceptsUrl(target)) {
            throw Errors.badArgument("SluiceDataSource: '" + target + "' is not a Sluice URL (jdbc:sluice:<target>)");
        }
        Properties info = connectionProperties(user, password);
        try {
            int timeout = loginTimeoutSeconds;
            return timeout > 0 ? connectWithin(target, info, timeout) : connect(target, info);
        } catch (SQLException e) {
            PrintWriter writer = logWriter;
            if (writer != null) {
                writer.println("SluiceDataSource: cannot connect to " + target + ": " + e.getMessage());
                writer.flush();
            }
            throw e;
        }
    }

    /** The properties one connection is opened with: the configured ones, the credentials, the clock. */
    Properties connectionProperties(String user, String password) {
        Properties info = SluiceDriver.copyOf(properties);
        if (user != null) {
            info.setProperty("user", user);
        }
        if (password != null) {
            info.setProperty("password", password);
        }
        Clock engineClock = clock;
        if (engineClock != null) {
            info.put(CLOCK_PROPERTY, engineClock);
        }
        return info;
    }

    private static Connection connect(String url, Properties info) throws SQLException {
        return new SluiceConnection(Engines.connect(url, info));
    }

    private static Connection connectWithin(String url, Properties info, int timeoutSeconds) throws SQLException {
        FutureTask<Connection> task = new FutureTask<>(() -> connect(url, info));
        Thread connector = new Thread(task, "sluice-connect");
        connector.setDaemon(true);
        connector.start();
        try {
            return task.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            closeWhenDone(task);
            throw new SQLTimeoutException("SluiceDataSource: no connection to " + url + " within the login timeout of "
                    + timeoutSeconds + " s", "08001", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeWhenDone(task);
            throw new SQLException("SluiceDataSource: interrupted while connecting to " + url, "08001", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException sql) {
                throw sql;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new SQLException("SluiceDataSource: cannot connect to " + url, "08001", cause);
        }
    }

    /** A connection that arrives after the caller gave up is closed, not leaked. */
    private static void closeWhenDone(FutureTask<Connection> task) {
        Thread closer = new Thread(() -> {
            try {
                task.get().close();
            } catch (Exception ignored) {
                // the connect failed or the connection would not close: nothing is left open either way
            }
        }, "sluice-connect-cleanup");
        closer.setDaemon(true);
        closer.start();
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    /** Where connection failures are reported in addition to the exception (Sluice logs through SLF4J). */
    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    /** Seconds {@link #getConnection()} waits at most; 0 waits as long as the target takes. */
    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        if (seconds < 0) {
            throw Errors.badArgument("setLoginTimeout: the timeout must be 0 (none) or more seconds, not " + seconds);
        }
        this.loginTimeoutSeconds = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeoutSeconds;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw Errors.notSupported("SluiceDataSource.getParentLogger");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw Errors.notAWrapperFor(SluiceDataSource.class, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
