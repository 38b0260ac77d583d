package io.sluice.jdbc;

import io.sluice.engine.Engines;
import io.sluice.spi.Clock;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceSqlException;
import java.io.PrintWriter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} for Sluice, in one of two forms:
 *
 * <ul>
 *   <li>for a Sluice URL, configured with JavaBean properties so that pools and frameworks can build it by
 *       class name (HikariCP's {@code dataSourceClassName=io.sluice.jdbc.SluiceDataSource} with the
 *       data-source properties {@code url}, {@code user}, {@code password}, {@code settings});
 *   <li>around an application's existing {@link DataSource} ({@link #wrap}), the pattern of wrapping
 *       drivers such as p6spy: Sluice takes every connection it needs from it, for the application's
 *       statements and for its own writes, and never closes it.
 * </ul>
 *
 * <p>Each {@link #getConnection()} opens a new connection on the engine shared by every connection to the
 * same target (or wrapped data source). Setters and {@code getConnection} may be called from several
 * threads, but a data source is meant to be configured once, before its first connection.
 */
public final class SluiceDataSource implements DataSource, AutoCloseable {
    /** The {@link Properties} key under which {@link #setClock} passes the clock to the engine. */
    public static final String CLOCK_PROPERTY = "sluice.clock";

    /** The application's data source when this one wraps it, else {@code null}. */
    private final DataSource wrapped;
    private volatile String settings = "";
    private volatile String url;
    private volatile String user;
    private volatile String password;
    private volatile Properties properties = new Properties();
    private volatile Clock clock;
    private volatile int loginTimeoutSeconds;
    private volatile PrintWriter logWriter;
    /** The engines this data source's connections used, held open until {@link #close()}; guarded by itself. */
    private final java.util.Map<Object, Engines.Lease> leases = new java.util.HashMap<>();
    private volatile boolean closed;

    /** An unconfigured data source; set at least {@link #setUrl}. */
    public SluiceDataSource() {
        this.wrapped = null;
    }

    /** A data source for {@code url} ({@code jdbc:sluice:<target>[?settings]}). */
    public SluiceDataSource(String url) {
        this.wrapped = null;
        this.url = url;
    }

    private SluiceDataSource(DataSource wrapped) {
        this.wrapped = wrapped;
    }

    /**
     * Sluice over an application's existing data source (a connection pool, a driver's own data source):
     * the application's INSERTs are buffered and written in batches, everything else runs on connections
     * from {@code target}, as the application configured them. Sluice's own writes borrow connections from
     * it too, one per flush in progress, so a pool must have room for the application's connections plus
     * the flush threads ({@code async_insert_threads}). The target database is named after the URL its
     * connections report. Sluice never closes {@code target}. Configure Sluice with {@link #setSettings} or
     * {@link #setProperties} (Sluice settings only); {@code url}, {@code user} and {@code password} do not
     * apply.
     *
     * @param target the application's data source
     * @return a new data source; data sources wrapping the same {@code target} with the same engine-level
     *     settings share one engine
     * @throws IllegalArgumentException when {@code target} is a {@code SluiceDataSource} itself
     */
    public static SluiceDataSource wrap(DataSource target) {
        Objects.requireNonNull(target, "target");
        if (target instanceof SluiceDataSource) {
            throw new IllegalArgumentException("SluiceDataSource.wrap: the DataSource is a SluiceDataSource already");
        }
        return new SluiceDataSource(target);
    }

    /** Whether this data source wraps an application's data source ({@link #wrap}). */
    public boolean isWrapping() {
        return wrapped != null;
    }

    public String getUrl() {
        return url;
    }

    /** The Sluice URL, {@code jdbc:sluice:<target>[?settings]}; not for a data source made by {@link #wrap}. */
    public void setUrl(String url) {
        if (wrapped != null && url != null) {
            throw new IllegalStateException("SluiceDataSource.setUrl: this data source wraps " + wrapped.getClass().getName()
                    + ", whose connections name the database; it takes no URL");
        }
        this.url = url;
    }

    public String getSettings() {
        return settings;
    }

    /**
     * Sluice settings for every connection, written like URL parameters: {@code name=value&name=value}
     * (values may be URL-encoded), e.g. {@code wait_for_async_insert=0&async_insert_busy_timeout_max_ms=100}.
     * They rank below {@link #setProperties properties}. Names are checked when a connection opens.
     *
     * @throws IllegalArgumentException when a part is not {@code name=value}
     */
    public void setSettings(String settings) {
        parseSettings(settings == null ? "" : settings);
        this.settings = settings == null ? "" : settings;
    }

    private static Properties parseSettings(String settings) {
        Properties parsed = new Properties();
        for (String part : settings.split("&")) {
            if (part.isBlank()) {
                continue;
            }
            int equals = part.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("SluiceDataSource.setSettings: '" + part + "' is not name=value (in '" + settings + "')");
            }
            parsed.setProperty(URLDecoder.decode(part.substring(0, equals).trim(), StandardCharsets.UTF_8),
                    URLDecoder.decode(part.substring(equals + 1).trim(), StandardCharsets.UTF_8));
        }
        return parsed;
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
     * engine and the target database; a connection that arrives later is closed. A data source made by
     * {@link #wrap} takes no credentials: the wrapped data source's connections carry their own.
     */
    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        if (closed) {
            throw Errors.connectionClosed();
        }
        Connection connection = connect(user, password);
        if (connection instanceof SluiceConnection sluice) {
            hold(sluice);
        }
        return connection;
    }

    /** Keeps the engine of a new connection open for as long as this data source is. */
    private void hold(SluiceConnection connection) {
        Engines.Lease lease = Engines.retain(connection.session());
        if (lease == null) {
            return;
        }
        synchronized (leases) {
            if (!closed && leases.putIfAbsent(lease.key(), lease) == null) {
                return;
            }
        }
        lease.close();
    }

    /**
     * Closes this data source: each engine its connections used flushes what it holds and closes, unless
     * other connections or data sources still use it (then it closes after the last of them, as
     * {@code engine_linger_ms} says). Connections already handed out keep working until they are closed; new
     * ones are refused. Calling it twice does nothing.
     */
    @Override
    public void close() {
        List<Engines.Lease> held;
        synchronized (leases) {
            closed = true;
            held = new ArrayList<>(leases.values());
            leases.clear();
        }
        for (Engines.Lease lease : held) {
            lease.close();
        }
    }

    private Connection connect(String user, String password) throws SQLException {
        String target;
        Connector connector;
        if (wrapped != null) {
            if (user != null || password != null) {
                throw Errors.notSupported("SluiceDataSource.getConnection with a user or password on a data source that wraps "
                        + wrapped.getClass().getName() + " (its connections carry their own credentials);"
                        + " SluiceDataSource.getConnection()");
            }
            target = wrapped.getClass().getName();
            DataSource source = wrapped;
            connector = info -> {
                ParameterStyle style = ParameterStyle.forDataSource(source);
                return new SluiceConnection(Engines.connect(source, info), style);
            };
        } else {
            target = url;
            if (target == null) {
                throw Errors.badArgument("SluiceDataSource: the url is not set");
            }
            if (!Engines.acceptsUrl(target)) {
                throw Errors.badArgument("SluiceDataSource: '" + target + "' is not a Sluice URL (jdbc:sluice:<target>)");
            }
            connector = info -> {
                ParameterStyle style = ParameterStyle.forUrl(target, info);
                return new SluiceConnection(Engines.connect(target, info), style);
            };
        }
        Properties info = connectionProperties(user, password);
        try {
            int timeout = loginTimeoutSeconds;
            return timeout > 0 ? connectWithin(target, connector, info, timeout) : connector.connect(info);
        } catch (SQLException e) {
            PrintWriter writer = logWriter;
            if (writer != null) {
                writer.println("SluiceDataSource: cannot connect to " + target + ": " + e.getMessage());
                writer.flush();
            }
            throw e;
        }
    }

    /** Opens one connection with its properties. */
    private interface Connector {
        Connection connect(Properties info) throws SQLException;
    }

    /**
     * The properties one connection is opened with: the settings, the configured properties over them, the
     * credentials, the clock.
     */
    Properties connectionProperties(String user, String password) {
        Properties info = parseSettings(settings);
        info.putAll(SluiceDriver.copyOf(properties));
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

    private static Connection connectWithin(String url, Connector connector, Properties info, int timeoutSeconds) throws SQLException {
        FutureTask<Connection> task = new FutureTask<>(() -> connector.connect(info));
        Thread thread = new Thread(task, "sluice-connect");
        thread.setDaemon(true);
        thread.start();
        try {
            return task.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            closeWhenDone(task);
            ErrorCode error = ErrorCode.NETWORK_ERROR;
            throw new SQLTimeoutException("SluiceDataSource: no connection to " + url + " within the login timeout of "
                    + timeoutSeconds + " s", error.sqlState(), error.code(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeWhenDone(task);
            throw new SluiceSqlException(ErrorCode.NETWORK_ERROR, "SluiceDataSource: interrupted while connecting to " + url, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw Errors.convert(e.getCause());
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

    /** Unwraps to this data source, or to the application's one it wraps (or what that wraps). */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        if (wrapped != null) {
            if (iface.isInstance(wrapped)) {
                return iface.cast(wrapped);
            }
            if (wrapped.isWrapperFor(iface)) {
                return wrapped.unwrap(iface);
            }
        }
        throw Errors.notAWrapperFor(SluiceDataSource.class, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || wrapped != null && (iface.isInstance(wrapped) || wrapped.isWrapperFor(iface));
    }
}
