package io.sluice.engine.session;

import io.sluice.engine.Errors;
import io.sluice.engine.system.SystemTables;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceSqlException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;

/**
 * A prepared query on the system tables: its parameters are recorded, and each execution prepares the
 * query on the system database under the system lock, binds them and returns detached rows. Only the
 * methods a prepared query needs work; the others throw {@code UNSUPPORTED_METHOD}. Used by one thread.
 */
final class SystemPreparedStatement implements InvocationHandler {
    /** Runs a query on the system tables: the reading session's {@code readSystem}. */
    @FunctionalInterface
    interface Reader {
        ResultSet read(SystemTables.SqlFunction<Connection, ResultSet> query) throws SQLException;
    }

    private final String sql;
    private final Reader reader;
    /** The setter calls to replay on each execution: the method and its arguments. */
    private final List<Object[]> calls = new ArrayList<>();
    private ResultSet current;
    private boolean closed;

    private SystemPreparedStatement(String sql, Reader reader) {
        this.sql = sql;
        this.reader = reader;
    }

    static PreparedStatement create(String sql, Reader reader) throws SQLException {
        SystemTables.checkQuery(sql);
        return (PreparedStatement) Proxy.newProxyInstance(SystemPreparedStatement.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, new SystemPreparedStatement(sql, reader));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws SQLException {
        String name = method.getName();
        switch (name) {
            case "executeQuery", "execute" -> {
                if (args != null && args.length > 0) {
                    throw new SluiceSqlException(ErrorCode.BAD_ARGUMENTS, "A prepared statement runs its own SQL; use Statement for other SQL");
                }
                current = reader.read(connection -> {
                    try (PreparedStatement prepared = connection.prepareStatement(sql)) {
                        checkIndexes(prepared.getParameterMetaData().getParameterCount());
                        for (Object[] call : calls) {
                            replay(prepared, (Method) call[0], (Object[]) call[1]);
                        }
                        return SystemTables.detach(prepared.executeQuery());
                    }
                });
                return name.equals("execute") ? Boolean.TRUE : current;
            }
            case "getResultSet" -> {
                return current;
            }
            case "getUpdateCount" -> {
                return -1;
            }
            case "clearParameters" -> {
                calls.clear();
                return null;
            }
            case "close" -> {
                closed = true;
                return null;
            }
            case "isClosed" -> {
                return closed;
            }
            case "toString" -> {
                return "SystemPreparedStatement[" + sql + "]";
            }
            case "hashCode" -> {
                return System.identityHashCode(proxy);
            }
            case "equals" -> {
                return proxy == args[0];
            }
            case "isWrapperFor" -> {
                return false;
            }
            case "unwrap" -> throw new SluiceSqlException(ErrorCode.BAD_ARGUMENTS, "Not a wrapper for " + args[0]);
            default -> {
                if (name.startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer index) {
                    if (index < 1) {
                        throw new SluiceSqlException(ErrorCode.BAD_ARGUMENTS, "Parameter index " + index
                                + " is out of range: parameters are numbered from 1");
                    }
                    calls.add(new Object[] {method, args});
                    return null;
                }
                throw new SQLFeatureNotSupportedException("PreparedStatement." + name + " is not supported on system tables",
                        ErrorCode.UNSUPPORTED_METHOD.sqlState(), ErrorCode.UNSUPPORTED_METHOD.code());
            }
        }
    }

    /** Refuses a bound parameter the statement does not have, naming it, before anything is bound. */
    private void checkIndexes(int count) throws SluiceSqlException {
        for (Object[] call : calls) {
            int index = (Integer) ((Object[]) call[1])[0];
            if (index > count) {
                throw new SluiceSqlException(ErrorCode.BAD_ARGUMENTS, "Parameter index " + index + " is out of range: the statement has "
                        + count + (count == 1 ? " parameter" : " parameters"));
            }
        }
    }

    private static void replay(Object target, Method method, Object[] args) throws SQLException {
        try {
            method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw Errors.convert(e.getCause());
        } catch (IllegalAccessException e) {
            throw Errors.convert(e);
        }
    }
}
