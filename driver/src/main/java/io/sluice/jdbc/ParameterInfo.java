package io.sluice.jdbc;

import io.sluice.engine.EngineSession;
import java.sql.Connection;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameters of a buffered INSERT as {@link ParameterMetaData}: copied from what the target driver
 * says about the same text (its answers, and its refusals: MariaDB's driver does not give parameter
 * types), so that a framework sees what it would see through the plain URL.
 * Immutable; readable after the target statement that described it is closed.
 */
final class ParameterInfo implements ParameterMetaData {
    /** The target's answer to one question: its value, or the exception it threw (thrown again when asked). */
    record Answer<T>(T value, SQLException failure) {
        T get() throws SQLException {
            if (failure != null) {
                throw failure;
            }
            return value;
        }

        static <T> Answer<T> of(T value) {
            return new Answer<>(value, null);
        }
    }

    /** One question the target is asked about a parameter. */
    @FunctionalInterface
    private interface Question<T> {
        T ask(ParameterMetaData source, int param) throws SQLException;
    }

    private static <T> Answer<T> ask(ParameterMetaData source, int param, Question<T> question) {
        try {
            return Answer.of(question.ask(source, param));
        } catch (SQLException e) {
            return new Answer<>(null, e);
        }
    }

    /** One parameter as the target described it. */
    record Parameter(Answer<Integer> type, Answer<String> typeName, Answer<String> className, Answer<Integer> nullable,
            Answer<Boolean> signed, Answer<Integer> precision, Answer<Integer> scale, Answer<Integer> mode) {
        /** What is said of a parameter the target could not describe: any value, sent as text. */
        static final Parameter UNKNOWN = new Parameter(Answer.of(Types.VARCHAR), Answer.of("VARCHAR"),
                Answer.of(String.class.getName()), Answer.of(ParameterMetaData.parameterNullableUnknown),
                Answer.of(false), Answer.of(0), Answer.of(0), Answer.of(ParameterMetaData.parameterModeIn));
    }

    private final List<Parameter> parameters;

    private ParameterInfo(List<Parameter> parameters) {
        this.parameters = List.copyOf(parameters);
    }

    /**
     * Asks the target to describe {@code sql}. Inside a transaction the question runs under a savepoint:
     * a text the target cannot prepare would otherwise abort the transaction on PostgreSQL.
     */
    static ParameterInfo describe(EngineSession session, String sql, int count) throws SQLException {
        Connection target = session.targetConnection();
        Savepoint savepoint = target.getAutoCommit() ? null : target.setSavepoint();
        List<Parameter> described = null;
        try (PreparedStatement probe = target.prepareStatement(sql)) {
            described = copy(probe.getParameterMetaData(), count);
        } catch (SQLException | RuntimeException e) {
            // Sluice's own syntax (SETTINGS, FORMAT) or a target that cannot describe: count only.
            if (savepoint != null) {
                target.rollback(savepoint);
                savepoint = null;
            }
        } finally {
            if (savepoint != null) {
                target.releaseSavepoint(savepoint);
            }
        }
        if (described == null) {
            described = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                described.add(Parameter.UNKNOWN);
            }
        }
        return new ParameterInfo(described);
    }

    private static List<Parameter> copy(ParameterMetaData source, int count) throws SQLException {
        if (source == null || source.getParameterCount() != count) {
            return null;
        }
        List<Parameter> copied = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            copied.add(new Parameter(ask(source, i, ParameterMetaData::getParameterType),
                    ask(source, i, ParameterMetaData::getParameterTypeName), ask(source, i, ParameterMetaData::getParameterClassName),
                    ask(source, i, ParameterMetaData::isNullable), ask(source, i, ParameterMetaData::isSigned),
                    ask(source, i, ParameterMetaData::getPrecision), ask(source, i, ParameterMetaData::getScale),
                    ask(source, i, ParameterMetaData::getParameterMode)));
        }
        return copied;
    }

    private Parameter parameter(int param) throws SQLException {
        if (param < 1 || param > parameters.size()) {
            throw ParameterValues.outOfRange(param, parameters.size());
        }
        return parameters.get(param - 1);
    }

    @Override
    public int getParameterCount() {
        return parameters.size();
    }

    @Override
    public int isNullable(int param) throws SQLException {
        return parameter(param).nullable().get();
    }

    @Override
    public boolean isSigned(int param) throws SQLException {
        return parameter(param).signed().get();
    }

    @Override
    public int getPrecision(int param) throws SQLException {
        return parameter(param).precision().get();
    }

    @Override
    public int getScale(int param) throws SQLException {
        return parameter(param).scale().get();
    }

    @Override
    public int getParameterType(int param) throws SQLException {
        return parameter(param).type().get();
    }

    @Override
    public String getParameterTypeName(int param) throws SQLException {
        return parameter(param).typeName().get();
    }

    @Override
    public String getParameterClassName(int param) throws SQLException {
        return parameter(param).className().get();
    }

    @Override
    public int getParameterMode(int param) throws SQLException {
        return parameter(param).mode().get();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw Errors.notAWrapperFor(ParameterInfo.class, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
