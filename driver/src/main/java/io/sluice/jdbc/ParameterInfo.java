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
 * says about the same text, so that a framework sees the types it would see through the plain URL.
 * Immutable; readable after the target statement that described it is closed.
 */
final class ParameterInfo implements ParameterMetaData {
    /** One parameter as the target described it. */
    record Parameter(int type, String typeName, String className, int nullable, boolean signed, int precision,
            int scale, int mode) {
        /** What is said of a parameter the target could not describe: any value, sent as text. */
        static final Parameter UNKNOWN = new Parameter(Types.VARCHAR, "VARCHAR", String.class.getName(),
                ParameterMetaData.parameterNullableUnknown, false, 0, 0, ParameterMetaData.parameterModeIn);
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
            copied.add(new Parameter(source.getParameterType(i), source.getParameterTypeName(i),
                    source.getParameterClassName(i), source.isNullable(i), source.isSigned(i),
                    source.getPrecision(i), source.getScale(i), source.getParameterMode(i)));
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
        return parameter(param).nullable();
    }

    @Override
    public boolean isSigned(int param) throws SQLException {
        return parameter(param).signed();
    }

    @Override
    public int getPrecision(int param) throws SQLException {
        return parameter(param).precision();
    }

    @Override
    public int getScale(int param) throws SQLException {
        return parameter(param).scale();
    }

    @Override
    public int getParameterType(int param) throws SQLException {
        return parameter(param).type();
    }

    @Override
    public String getParameterTypeName(int param) throws SQLException {
        return parameter(param).typeName();
    }

    @Override
    public String getParameterClassName(int param) throws SQLException {
        return parameter(param).className();
    }

    @Override
    public int getParameterMode(int param) throws SQLException {
        return parameter(param).mode();
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
