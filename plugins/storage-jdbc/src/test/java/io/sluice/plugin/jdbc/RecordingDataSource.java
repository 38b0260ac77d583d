package io.sluice.plugin.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * An application's data source for the storage whose connections write down what is asked of them, in order: each
 * {@code prepareStatement} with its SQL, each execution of a prepared statement, {@code commit}, {@code rollback}
 * and {@code setAutoCommit}. A {@code commit} is written as {@code commit (open)} when the connection had a
 * transaction open on the server, as {@code commit (none open)} otherwise (the drivers send nothing then), as the
 * given probe tells. Thread-safe.
 */
final class RecordingDataSource implements DataSource {
    private final String url;
    private final Properties properties;
    private final Predicate<Connection> transactionOpen;
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());

    /** @param transactionOpen whether the driver's connection has a transaction open on the server, asked before a commit */
    RecordingDataSource(String target, Properties properties, Predicate<Connection> transactionOpen) {
        this.url = "jdbc:" + target;
        this.properties = properties;
        this.transactionOpen = transactionOpen;
    }

    /** The calls recorded since the last {@link #clear}. */
    List<String> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /**
     * The calls a write made on a connection of this (the application's) data source: it is lent with autocommit
     * off and given back with it on, and these are the calls in between.
     */
    List<String> callsWhileLent() {
        List<String> all = calls();
        org.assertj.core.api.Assertions.assertThat(all.get(0)).isEqualTo("setAutoCommit false");
        org.assertj.core.api.Assertions.assertThat(all.get(all.size() - 1)).isEqualTo("setAutoCommit true");
        return all.subList(1, all.size() - 1);
    }

    void clear() {
        calls.clear();
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection real = DriverManager.getConnection(url, properties);
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, arguments) -> {
            switch (method.getName()) {
                case "prepareStatement" -> calls.add("prepareStatement " + arguments[0]);
                case "commit" -> calls.add(transactionOpen.test(real) ? "commit (open)" : "commit (none open)");
                case "rollback" -> calls.add("rollback");
                case "setAutoCommit" -> calls.add("setAutoCommit " + arguments[0]);
                default -> {
                    // Not recorded.
                }
            }
            Object result = invoke(method, real, arguments);
            if (result instanceof PreparedStatement statement) {
                return recording(statement);
            }
            return result;
        });
    }

    private PreparedStatement recording(PreparedStatement real) {
        return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {PreparedStatement.class},
                (proxy, method, arguments) -> {
                    if (method.getName().startsWith("execute") && (arguments == null || arguments.length == 0)) {
                        calls.add(method.getName());
                    }
                    return invoke(method, real, arguments);
                });
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] arguments) throws Throwable {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("RecordingDataSource.getConnection(user, password)");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // No log.
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // The driver's own.
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("RecordingDataSource.getParentLogger");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        throw new SQLException("Not a wrapper of " + type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return false;
    }
}
