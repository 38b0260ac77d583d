package io.sluice.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.engine.Engines;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SluiceResultSetTest {
    @TempDir
    Path directory;

    @AfterEach
    void closeEngines() {
        Engines.closeAll();
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sluice:sqlite:" + directory.resolve("rows.db"));
    }

    @ParameterizedTest
    @ValueSource(classes = {RowResultSet.class, TargetResultSet.class})
    void everyResultSetMethodIsImplementedNotInherited(Class<?> kind) {
        List<String> missing = Arrays.stream(ResultSet.class.getMethods())
                .filter(method -> !Modifier.isStatic(method.getModifiers()))
                .filter(method -> implementation(kind, method).getDeclaringClass().isInterface())
                .map(Method::toString)
                .toList();

        assertThat(missing).isEmpty();
    }

    private static Method implementation(Class<?> kind, Method method) {
        try {
            return kind.getMethod(method.getName(), method.getParameterTypes());
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void systemTableRowsAreReadOnly() throws SQLException {
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT name, value FROM system.settings ORDER BY name")) {
            assertThat(rows.getConcurrency()).isEqualTo(ResultSet.CONCUR_READ_ONLY);
            assertThat(rows.getMetaData().isReadOnly(1)).isTrue();
            assertThat(rows.next()).isTrue();
            String name = rows.getString("name");

            assertThatThrownBy(() -> rows.updateString("value", "changed"))
                    .isInstanceOf(SQLFeatureNotSupportedException.class)
                    .hasMessage("UNSUPPORTED_METHOD: SluiceResultSet.updateString (Sluice result sets are read-only)"
                            + " is not supported by Sluice");
            assertThatThrownBy(rows::updateRow).isInstanceOf(SQLFeatureNotSupportedException.class)
                    .hasMessageContaining("SluiceResultSet.updateRow");
            assertThatThrownBy(rows::deleteRow).isInstanceOf(SQLFeatureNotSupportedException.class)
                    .hasMessageContaining("SluiceResultSet.deleteRow");
            assertThatThrownBy(rows::moveToInsertRow).isInstanceOf(SQLFeatureNotSupportedException.class)
                    .hasMessageContaining("SluiceResultSet.moveToInsertRow");
            assertThat(rows.getString("name")).isEqualTo(name);
        }
    }

    @Test
    void targetRowsAreReadOnlyToo() throws SQLException {
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT 1 AS one")) {
            assertThat(rows).isInstanceOf(TargetResultSet.class);
            assertThat(rows.getConcurrency()).isEqualTo(ResultSet.CONCUR_READ_ONLY);
            assertThat(rows.next()).isTrue();
            assertThatThrownBy(() -> rows.updateInt(1, 2)).isInstanceOf(SQLFeatureNotSupportedException.class)
                    .hasMessageContaining("SluiceResultSet.updateInt");
            assertThat(rows.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void everyMethodOfAClosedResultSetThrowsExceptCloseAndIsClosed() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String query : List.of("SELECT name FROM system.settings", "SELECT 1 AS name")) {
                ResultSet rows = statement.executeQuery(query);
                rows.close();

                List<String> silent = new ArrayList<>();
                for (Method method : ResultSet.class.getMethods()) {
                    if (Modifier.isStatic(method.getModifiers()) || method.getName().equals("close")
                            || method.getName().equals("isClosed")) {
                        continue;
                    }
                    try {
                        method.invoke(rows, arguments(method));
                        silent.add(method.toString());
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        if (!(e.getCause() instanceof SQLException sql) || !"This result set is closed".equals(sql.getMessage())
                                || sql.getErrorCode() == 0) {
                            silent.add(method + " threw " + e.getCause());
                        }
                    }
                }
                assertThat(silent).as(query).isEmpty();
                assertThat(rows.isClosed()).isTrue();
                rows.close();
            }
        }
    }

    /** Plausible arguments: a column index of 1, a label, zeros and nulls. */
    private static Object[] arguments(Method method) {
        Class<?>[] types = method.getParameterTypes();
        Object[] arguments = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            Class<?> type = types[i];
            if (type == int.class) {
                arguments[i] = 1;
            } else if (type == long.class) {
                arguments[i] = 1L;
            } else if (type == boolean.class) {
                arguments[i] = false;
            } else if (type == byte.class) {
                arguments[i] = (byte) 0;
            } else if (type == short.class) {
                arguments[i] = (short) 0;
            } else if (type == float.class) {
                arguments[i] = 0f;
            } else if (type == double.class) {
                arguments[i] = 0d;
            } else if (type == String.class) {
                arguments[i] = "name";
            } else if (type == Class.class) {
                arguments[i] = String.class;
            }
        }
        return arguments;
    }

    @Test
    void aClosedStatementClosesItsRowsAndTheirMethodsThrow() throws SQLException {
        try (Connection connection = connect()) {
            Statement statement = connection.createStatement();
            ResultSet rows = statement.executeQuery("SELECT name FROM system.settings");
            statement.close();

            assertThat(rows.isClosed()).isTrue();
            assertThatThrownBy(rows::next).hasMessage("This result set is closed");
            assertThatThrownBy(() -> rows.getString(1)).hasMessage("This result set is closed");
        }
    }

    @Test
    void rowsInMemoryScrollWhenScrollableAndRefuseItWhenForwardOnly() throws SQLException {
        try (SluiceConnection connection = new SluiceConnection(new FakeSession());
                Statement statement = connection.createStatement();
                ResultSet source = connection.unwrap(java.sql.Connection.class).createStatement()
                        .executeQuery("SELECT 1 AS n, 'a' AS s UNION ALL SELECT 2, 'b' UNION ALL SELECT 3, 'c'")) {
            SluiceStatement sluice = statement.unwrap(SluiceStatement.class);
            ResultSet rows = RowResultSet.copyOf(sluice, source, ResultSet.TYPE_SCROLL_INSENSITIVE);

            assertThat(rows.isBeforeFirst()).isTrue();
            assertThat(rows.last()).isTrue();
            assertThat(rows.getInt("n")).isEqualTo(3);
            assertThat(rows.getRow()).isEqualTo(3);
            assertThat(rows.previous()).isTrue();
            assertThat(rows.getString("S")).isEqualTo("b");
            assertThat(rows.absolute(-3)).isTrue();
            assertThat(rows.getLong(1)).isEqualTo(1);
            assertThat(rows.relative(5)).isFalse();
            assertThat(rows.isAfterLast()).isTrue();
            assertThatThrownBy(() -> rows.getInt(1)).hasMessageContaining("the cursor is not on a row");
            rows.beforeFirst();
            assertThat(rows.next()).isTrue();
            assertThat(rows.getObject(2, String.class)).isEqualTo("a");
            assertThat(rows.getStatement()).isSameAs(statement);

            ResultSet forward = RowResultSet.copyOf(sluice, statement.getConnection().unwrap(java.sql.Connection.class)
                    .createStatement().executeQuery("SELECT 1"), ResultSet.TYPE_FORWARD_ONLY);
            assertThat(forward.getType()).isEqualTo(ResultSet.TYPE_FORWARD_ONLY);
            assertThatThrownBy(forward::previous).isInstanceOf(SQLFeatureNotSupportedException.class)
                    .hasMessageContaining("SluiceResultSet.previous on a TYPE_FORWARD_ONLY result set");
        }
    }

    @Test
    void valuesInMemoryConvertAndReportNulls() throws SQLException {
        try (SluiceConnection connection = new SluiceConnection(new FakeSession());
                Statement statement = connection.createStatement();
                ResultSet source = connection.unwrap(java.sql.Connection.class).createStatement().executeQuery(
                        "SELECT '42' AS text_number, 2.5 AS real, NULL AS absent, '2026-12-07 02:10:00.5' AS ts, 300 AS big")) {
            ResultSet rows = RowResultSet.copyOf(statement.unwrap(SluiceStatement.class), source, ResultSet.TYPE_FORWARD_ONLY);
            assertThat(rows.next()).isTrue();

            assertThat(rows.getInt("text_number")).isEqualTo(42);
            assertThat(rows.getDouble("real")).isEqualTo(2.5);
            assertThat(rows.getBigDecimal("real")).isEqualByComparingTo("2.5");
            assertThat(rows.getString("absent")).isNull();
            assertThat(rows.wasNull()).isTrue();
            assertThat(rows.getInt("absent")).isZero();
            assertThat(rows.getTimestamp("ts")).isEqualTo(java.sql.Timestamp.valueOf("2026-12-07 02:10:00.5"));
            assertThat(rows.wasNull()).isFalse();
            assertThatThrownBy(() -> rows.getByte("big")).hasMessage("BAD_ARGUMENTS: SluiceResultSet: value 300 is out of range for byte");
            assertThatThrownBy(() -> rows.findColumn("missing"))
                    .hasMessage("BAD_ARGUMENTS: SluiceResultSet.findColumn: no column is labelled missing");
        }
    }

    @Test
    void delegatesAndReportsTheSluiceStatement() throws SQLException {
        try (SluiceConnection connection = new SluiceConnection(new FakeSession());
                Statement statement = connection.createStatement()) {
            ResultSet rows = statement.executeQuery("SELECT 1 AS one, 'x' AS two, NULL AS three");

            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt("one")).isEqualTo(1);
            assertThat(rows.getString(2)).isEqualTo("x");
            assertThat(rows.getObject("three")).isNull();
            assertThat(rows.wasNull()).isTrue();
            assertThat(rows.getMetaData().getColumnCount()).isEqualTo(3);
            assertThat(rows.getStatement()).isSameAs(statement);
            assertThat(rows.unwrap(org.sqlite.jdbc4.JDBC4ResultSet.class)).isNotNull();
            assertThat(rows.isWrapperFor(SluiceResultSet.class)).isTrue();

            rows.close();
            rows.close();
            assertThat(rows.isClosed()).isTrue();
            assertThatThrownBy(rows::getStatement).hasMessage("This result set is closed");
        }
    }

    @Test
    void nullSqlIsRefused() throws SQLException {
        try (SluiceConnection connection = new SluiceConnection(new FakeSession());
                Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute(null))
                    .hasMessage("BAD_ARGUMENTS: SluiceStatement.execute: the SQL text is null");
            assertThatThrownBy(() -> connection.prepareStatement(null))
                    .hasMessage("BAD_ARGUMENTS: SluiceConnection.prepareStatement: the SQL text is null");
        }
    }
}
