package io.sluice.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SluiceResultSetTest {
    @Test
    void everyResultSetMethodIsImplementedNotInherited() {
        List<String> missing = Arrays.stream(ResultSet.class.getMethods())
                .filter(method -> !Modifier.isStatic(method.getModifiers()))
                .filter(method -> !isDeclaredBySluiceResultSet(method))
                .map(Method::toString)
                .toList();

        assertThat(missing).isEmpty();
    }

    private static boolean isDeclaredBySluiceResultSet(Method method) {
        try {
            SluiceResultSet.class.getDeclaredMethod(method.getName(), method.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
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
    void aCachedRowSetThatCannotTellWhetherItIsClosedIsTrackedByTheWrapper() throws SQLException {
        try (SluiceConnection connection = new SluiceConnection(new FakeSession());
                Statement statement = connection.createStatement();
                ResultSet source = connection.unwrap(java.sql.Connection.class).createStatement()
                        .executeQuery("SELECT 1 AS one")) {
            javax.sql.rowset.CachedRowSet cached = javax.sql.rowset.RowSetProvider.newFactory().createCachedRowSet();
            cached.populate(source);
            assertThatThrownBy(cached::isClosed).isInstanceOf(java.sql.SQLFeatureNotSupportedException.class);
            SluiceResultSet rows = new SluiceResultSet(statement.unwrap(SluiceStatement.class), cached);

            assertThat(rows.isClosed()).isFalse();
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt("one")).isEqualTo(1);
            rows.close();
            rows.close();
            assertThat(rows.isClosed()).isTrue();
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
