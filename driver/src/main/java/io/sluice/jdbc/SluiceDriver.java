package io.sluice.jdbc;

import io.sluice.engine.Engines;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The Sluice JDBC driver for URLs {@code jdbc:sluice:<target>}, e.g. {@code jdbc:sluice:sqlite:/data/app.db}.
 * It registers itself with {@link DriverManager} when the class is loaded (found through
 * {@code META-INF/services/java.sql.Driver}); the URL, its settings and the shared engines are the
 * business of {@link Engines}. Thread-safe and stateless.
 */
public final class SluiceDriver implements Driver {
    static final int MAJOR_VERSION = 0;
    static final int MINOR_VERSION = 1;

    private static final SluiceDriver INSTANCE = new SluiceDriver();

    static {
        try {
            DriverManager.registerDriver(INSTANCE);
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Public for {@link java.util.ServiceLoader} and for frameworks that instantiate drivers by class name. */
    public SluiceDriver() {}

    /**
     * Opens a connection, or returns {@code null} when {@code url} is not a Sluice URL (the JDBC contract
     * for a foreign prefix). A malformed Sluice URL or a bad setting throws with the detail.
     */
    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!Engines.acceptsUrl(url)) {
            return null;
        }
        SluiceConnection connection;
        try {
            // The style first: a bad date setting must not leave an engine session open.
            ParameterStyle style = ParameterStyle.forUrl(url, info);
            connection = new SluiceConnection(Errors.funnel(() -> Engines.connect(url, copyOf(info))), style);
        } catch (SQLException e) {
            throw TargetUrlAdvice.explain(url, e);
        }
        TargetUrlAdvice.warnAboutUnknownParameters(url);
        return connection;
    }

    @Override
    public boolean acceptsURL(String url) {
        return Engines.acceptsUrl(url);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        return Errors.funnel(() -> Engines.propertyInfo(url, copyOf(info)));
    }

    @Override
    public int getMajorVersion() {
        return MAJOR_VERSION;
    }

    @Override
    public int getMinorVersion() {
        return MINOR_VERSION;
    }

    /** Sluice does not pass the JDBC compliance tests (it has no stored procedures, for one). */
    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw Errors.notSupported("SluiceDriver.getParentLogger");
    }

    /**
     * A copy the engine may take settings out of without touching the caller's object; defaults of the
     * caller's {@link Properties} are flattened into it.
     */
    static Properties copyOf(Properties info) {
        Properties copy = new Properties();
        if (info != null) {
            copy.putAll(info);
            for (String name : info.stringPropertyNames()) {
                copy.setProperty(name, info.getProperty(name));
            }
        }
        return copy;
    }
}
