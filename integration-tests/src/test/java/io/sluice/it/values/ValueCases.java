package io.sluice.it.values;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.JDBCType;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.UUID;

/**
 * Every {@code PreparedStatement} setter an application uses for an INSERT's values, with edge values, each
 * into the kinds of column it is commonly used with. A target names its declared type for each kind it has;
 * cases for kinds it lacks are left out.
 */
final class ValueCases {
    /** Kinds of column, each declared by a target in its own words. */
    enum Kind { INT, BIGINT, SMALLINT, TINYINT1, BOOL, FLOAT4, DOUBLE, DECIMAL, NUMERIC, TEXT, VARCHAR, BLOB, DATE, TIME,
        TIMESTAMP, TIMESTAMPTZ, UUID, BIT, UNTYPED }

    private final Map<Kind, String> columns;
    private final List<ValueCase> cases = new ArrayList<>();

    private ValueCases(Map<Kind, String> columns) {
        this.columns = columns;
    }

    /** The cases for a target whose declared types for the kinds it has are {@code columns}. */
    static List<ValueCase> all(Map<Kind, String> columns) {
        ValueCases c = new ValueCases(new EnumMap<>(columns));
        c.nulls();
        c.numbers();
        c.text();
        c.temporals();
        c.objects();
        c.streams();
        return c.cases;
    }

    private void add(String name, ValueCase.Setter setter, Kind... kinds) {
        for (Kind kind : kinds) {
            String column = columns.get(kind);
            if (column != null) {
                cases.add(new ValueCase(name + "@" + kind, column, setter));
            }
        }
    }

    private void nulls() {
        for (Field field : Types.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class) {
                int type;
                try {
                    type = field.getInt(null);
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
                add("setNull(" + field.getName() + ")", (s, i) -> s.setNull(i, type), Kind.INT, Kind.TEXT, Kind.DOUBLE,
                        Kind.TIMESTAMP, Kind.BLOB, Kind.DECIMAL, Kind.BOOL);
            }
        }
        add("setObject(null)", (s, i) -> s.setObject(i, null), Kind.INT, Kind.TEXT, Kind.TIMESTAMP);
        add("setString(null)", (s, i) -> s.setString(i, null), Kind.TEXT, Kind.INT);
        add("setTimestamp(null)", (s, i) -> s.setTimestamp(i, null), Kind.TIMESTAMP);
        add("setBytes(null)", (s, i) -> s.setBytes(i, null), Kind.BLOB);
    }

    private void numbers() {
        Kind[] integers = {Kind.INT, Kind.BIGINT, Kind.SMALLINT, Kind.TINYINT1, Kind.BOOL, Kind.BIT, Kind.TEXT, Kind.DOUBLE,
            Kind.DECIMAL, Kind.UNTYPED};
        add("setBoolean(true)", (s, i) -> s.setBoolean(i, true), integers);
        add("setBoolean(false)", (s, i) -> s.setBoolean(i, false), integers);
        add("setByte(-128)", (s, i) -> s.setByte(i, Byte.MIN_VALUE), Kind.INT, Kind.SMALLINT, Kind.TINYINT1, Kind.TEXT, Kind.DOUBLE);
        add("setByte(1)", (s, i) -> s.setByte(i, (byte) 1), integers);
        add("setShort(min)", (s, i) -> s.setShort(i, Short.MIN_VALUE), Kind.INT, Kind.SMALLINT, Kind.TEXT, Kind.DOUBLE);
        add("setShort(max)", (s, i) -> s.setShort(i, Short.MAX_VALUE), Kind.INT, Kind.SMALLINT, Kind.BIGINT, Kind.DECIMAL);
        add("setInt(min)", (s, i) -> s.setInt(i, Integer.MIN_VALUE), Kind.INT, Kind.BIGINT, Kind.TEXT, Kind.DOUBLE, Kind.DECIMAL);
        add("setInt(0)", (s, i) -> s.setInt(i, 0), integers);
        add("setInt(7)", (s, i) -> s.setInt(i, 7), Kind.INT, Kind.FLOAT4, Kind.NUMERIC, Kind.UNTYPED);
        add("setLong(min)", (s, i) -> s.setLong(i, Long.MIN_VALUE), Kind.BIGINT, Kind.TEXT, Kind.DOUBLE, Kind.DECIMAL, Kind.NUMERIC,
                Kind.UNTYPED);
        add("setLong(max)", (s, i) -> s.setLong(i, Long.MAX_VALUE), Kind.BIGINT, Kind.INT, Kind.DOUBLE, Kind.NUMERIC);
        add("setLong(epoch ms)", (s, i) -> s.setLong(i, 1_600_000_000_000L), Kind.TIMESTAMP, Kind.DATE);
        Kind[] floats = {Kind.FLOAT4, Kind.DOUBLE, Kind.DECIMAL, Kind.NUMERIC, Kind.TEXT, Kind.UNTYPED};
        float[] floatValues = {1.1f, -0.0f, Float.MIN_VALUE, Float.MAX_VALUE, 16_777_217f, Float.NaN,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        for (float value : floatValues) {
            add("setFloat(" + value + ")", (s, i) -> s.setFloat(i, value), floats);
        }
        add("setFloat(3.0)", (s, i) -> s.setFloat(i, 3.0f), Kind.INT);
        double[] doubleValues = {0.1, 1.0 / 3, -0.0, 1e300, Double.MIN_VALUE, 123456789.125, Double.NaN,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (double value : doubleValues) {
            add("setDouble(" + value + ")", (s, i) -> s.setDouble(i, value), floats);
        }
        add("setDouble(3.0)", (s, i) -> s.setDouble(i, 3.0), Kind.INT, Kind.BIGINT);
        add("setDouble(2.5)", (s, i) -> s.setDouble(i, 2.5), Kind.INT);
        String[] decimals = {"1.50", "-0.000001", "0", "0.00", "1E+3", "12345678901234567890.123456789", "1E-20",
            "123456789012345678901234567890123456789012345678901234567890"};
        for (String text : decimals) {
            BigDecimal value = new BigDecimal(text);
            add("setBigDecimal(" + text + ")", (s, i) -> s.setBigDecimal(i, value), Kind.DECIMAL, Kind.NUMERIC, Kind.DOUBLE,
                    Kind.TEXT, Kind.UNTYPED);
        }
        add("setBigDecimal(42)", (s, i) -> s.setBigDecimal(i, new BigDecimal("42")), Kind.INT, Kind.BIGINT);
        add("setBigDecimal(42.5)", (s, i) -> s.setBigDecimal(i, new BigDecimal("42.5")), Kind.INT);
    }

    private void text() {
        String[] texts = {"", "héllo ☃ 𝄞", "a\u0000b", "tab\tquote'\"back\\slash\nnewline", "123", "-7", "1.5", "true",
            "abc", "2020-01-02", "2020-01-02 03:04:05", "2020-01-02T03:04:05.5", "13:14:15",
            "0c6bd2bc-4f9d-4a39-9d3a-3b6a2c2e7e01"};
        for (String text : texts) {
            String shown = text.replace("\u0000", "\\0").replace("\n", "\\n").replace("\t", "\\t");
            add("setString(\"" + shown + "\")", (s, i) -> s.setString(i, text), Kind.TEXT, Kind.VARCHAR, Kind.UNTYPED);
        }
        add("setString(\"42\")", (s, i) -> s.setString(i, "42"), Kind.INT, Kind.BIGINT, Kind.DECIMAL, Kind.DOUBLE, Kind.BOOL,
                Kind.TINYINT1);
        add("setString(\"1.25\")", (s, i) -> s.setString(i, "1.25"), Kind.DECIMAL, Kind.NUMERIC, Kind.DOUBLE, Kind.FLOAT4);
        add("setString(\"true\")", (s, i) -> s.setString(i, "true"), Kind.BOOL);
        add("setString(\"abc\")", (s, i) -> s.setString(i, "abc"), Kind.INT, Kind.DOUBLE);
        add("setString(date)", (s, i) -> s.setString(i, "2020-01-02"), Kind.DATE, Kind.TIMESTAMP);
        add("setString(timestamp)", (s, i) -> s.setString(i, "2020-01-02 03:04:05.123"), Kind.TIMESTAMP, Kind.TIMESTAMPTZ,
                Kind.DATE);
        add("setString(time)", (s, i) -> s.setString(i, "13:14:15"), Kind.TIME);
        add("setString(uuid)", (s, i) -> s.setString(i, "0C6BD2BC-4F9D-4A39-9D3A-3B6A2C2E7E01"), Kind.UUID, Kind.TEXT);
        add("setNString", (s, i) -> s.setNString(i, "ñ"), Kind.TEXT);
        byte[] bytes = {0, 1, (byte) 0x7f, (byte) 0x80, (byte) 0xff};
        add("setBytes(00017f80ff)", (s, i) -> s.setBytes(i, bytes.clone()), Kind.BLOB, Kind.TEXT, Kind.UNTYPED, Kind.BIT);
        add("setBytes(empty)", (s, i) -> s.setBytes(i, new byte[0]), Kind.BLOB, Kind.TEXT);
        add("setBytes(utf8)", (s, i) -> s.setBytes(i, "héllo".getBytes(StandardCharsets.UTF_8)), Kind.TEXT, Kind.VARCHAR);
    }

    private void temporals() {
        Kind[] dates = {Kind.DATE, Kind.TIMESTAMP, Kind.TIMESTAMPTZ, Kind.TEXT, Kind.INT, Kind.BIGINT, Kind.DOUBLE, Kind.UNTYPED};
        Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
        Calendar newYork = Calendar.getInstance(TimeZone.getTimeZone("America/New_York"));
        Calendar kolkata = Calendar.getInstance(TimeZone.getTimeZone("Asia/Kolkata"));
        for (String text : new String[] {"2020-03-08", "1969-07-20", "0001-01-01", "9999-12-31"}) {
            Date value = Date.valueOf(text);
            add("setDate(" + text + ")", (s, i) -> s.setDate(i, value), dates);
            add("setDate(" + text + ", New_York)", (s, i) -> s.setDate(i, value, newYork), Kind.DATE, Kind.TIMESTAMP, Kind.TEXT,
                    Kind.BIGINT);
        }
        add("setDate(epoch -1)", (s, i) -> s.setDate(i, new Date(-1)), Kind.DATE, Kind.TEXT, Kind.BIGINT);
        Kind[] times = {Kind.TIME, Kind.TEXT, Kind.BIGINT, Kind.TIMESTAMP, Kind.UNTYPED};
        add("setTime(13:14:15)", (s, i) -> s.setTime(i, Time.valueOf("13:14:15")), times);
        add("setTime(00:00:00.250)", (s, i) -> s.setTime(i, new Time(Time.valueOf("00:00:00").getTime() + 250)), times);
        add("setTime(13:14:15, Kolkata)", (s, i) -> s.setTime(i, Time.valueOf("13:14:15"), kolkata), times);
        String[] stamps = {"2020-01-02 03:04:05", "2020-01-02 03:04:05.123", "2020-01-02 03:04:05.123456",
            "2020-01-02 03:04:05.123456789", "1969-12-31 23:59:59.5", "1900-01-01 00:00:00", "2021-03-14 02:30:00",
            "2021-11-07 01:30:00", "2021-03-28 02:30:00"};
        for (String text : stamps) {
            Timestamp value = Timestamp.valueOf(text);
            add("setTimestamp(" + text + ")", (s, i) -> s.setTimestamp(i, value), dates);
            add("setTimestamp(" + text + ", UTC)", (s, i) -> s.setTimestamp(i, value, utc), Kind.TIMESTAMP, Kind.TIMESTAMPTZ,
                    Kind.TEXT, Kind.BIGINT);
            add("setTimestamp(" + text + ", New_York)", (s, i) -> s.setTimestamp(i, value, newYork), Kind.TIMESTAMP,
                    Kind.TIMESTAMPTZ, Kind.TEXT, Kind.BIGINT, Kind.DATE);
        }
        add("setTimestamp(epoch)", (s, i) -> s.setTimestamp(i, new Timestamp(0)), Kind.TIMESTAMP, Kind.TEXT);
    }

    private void objects() {
        Kind[] any = {Kind.TEXT, Kind.UNTYPED};
        add("setObject(LocalDate)", (s, i) -> s.setObject(i, LocalDate.of(2020, 3, 8)), Kind.DATE, Kind.TIMESTAMP, Kind.TEXT,
                Kind.BIGINT, Kind.UNTYPED);
        add("setObject(LocalTime)", (s, i) -> s.setObject(i, LocalTime.of(13, 14, 15, 123_456_789)), Kind.TIME, Kind.TEXT,
                Kind.BIGINT, Kind.UNTYPED);
        add("setObject(LocalDateTime)", (s, i) -> s.setObject(i, LocalDateTime.of(2020, 1, 2, 3, 4, 5, 123_456_789)),
                Kind.TIMESTAMP, Kind.TIMESTAMPTZ, Kind.DATE, Kind.TEXT, Kind.BIGINT, Kind.UNTYPED);
        add("setObject(LocalDateTime 1969)", (s, i) -> s.setObject(i, LocalDateTime.of(1969, 12, 31, 23, 59, 59, 500_000_000)),
                Kind.TIMESTAMP, Kind.TEXT, Kind.BIGINT);
        OffsetDateTime offset = OffsetDateTime.of(2020, 1, 2, 3, 4, 5, 123_000_000, ZoneOffset.ofHours(5));
        add("setObject(OffsetDateTime)", (s, i) -> s.setObject(i, offset), Kind.TIMESTAMP, Kind.TIMESTAMPTZ, Kind.TEXT,
                Kind.BIGINT, Kind.UNTYPED);
        add("setObject(Instant)", (s, i) -> s.setObject(i, Instant.parse("2020-01-02T03:04:05.123Z")), Kind.TIMESTAMP,
                Kind.TIMESTAMPTZ, Kind.TEXT, Kind.BIGINT);
        UUID uuid = UUID.fromString("0c6bd2bc-4f9d-4a39-9d3a-3b6a2c2e7e01");
        add("setObject(UUID)", (s, i) -> s.setObject(i, uuid), Kind.UUID, Kind.TEXT, Kind.VARCHAR, Kind.UNTYPED);
        add("setObject(java.util.Date)", (s, i) -> s.setObject(i, new java.util.Date(1_600_000_000_123L)), Kind.TIMESTAMP,
                Kind.TEXT, Kind.BIGINT, Kind.UNTYPED);
        add("setObject(Character)", (s, i) -> s.setObject(i, 'x'), Kind.TEXT, Kind.VARCHAR, Kind.UNTYPED);
        add("setObject(Integer)", (s, i) -> s.setObject(i, 42), Kind.INT, Kind.TEXT, Kind.DOUBLE, Kind.UNTYPED);
        add("setObject(Long)", (s, i) -> s.setObject(i, 42L), Kind.BIGINT, Kind.DECIMAL);
        add("setObject(Double)", (s, i) -> s.setObject(i, 2.5), Kind.DOUBLE, Kind.TEXT, Kind.UNTYPED);
        add("setObject(Float)", (s, i) -> s.setObject(i, 2.2f), Kind.DOUBLE, Kind.FLOAT4, Kind.TEXT);
        add("setObject(Boolean)", (s, i) -> s.setObject(i, true), Kind.BOOL, Kind.INT, Kind.TINYINT1, Kind.TEXT, Kind.BIT);
        add("setObject(BigDecimal)", (s, i) -> s.setObject(i, new BigDecimal("3.140")), Kind.DECIMAL, Kind.TEXT, Kind.UNTYPED);
        add("setObject(String)", (s, i) -> s.setObject(i, "text"), any);
        add("setObject(byte[])", (s, i) -> s.setObject(i, new byte[] {1, 2}), Kind.BLOB);
        add("setObject(\"123\", INTEGER)", (s, i) -> s.setObject(i, "123", Types.INTEGER), Kind.INT, Kind.TEXT);
        add("setObject(1.5, VARCHAR)", (s, i) -> s.setObject(i, 1.5, Types.VARCHAR), Kind.TEXT, Kind.DOUBLE);
        add("setObject(true, INTEGER)", (s, i) -> s.setObject(i, true, Types.INTEGER), Kind.INT);
        add("setObject(1, BOOLEAN)", (s, i) -> s.setObject(i, 1, Types.BOOLEAN), Kind.BOOL, Kind.INT, Kind.TINYINT1);
        add("setObject(\"2.50\", DECIMAL, 1)", (s, i) -> s.setObject(i, "2.56", Types.DECIMAL, 1), Kind.DECIMAL, Kind.TEXT);
        add("setObject(LocalDateTime, TIMESTAMP)",
                (s, i) -> s.setObject(i, LocalDateTime.of(2020, 1, 2, 3, 4, 5), Types.TIMESTAMP), Kind.TIMESTAMP, Kind.TEXT);
        add("setObject(\"2020-01-02\", DATE)", (s, i) -> s.setObject(i, "2020-01-02", Types.DATE), Kind.DATE, Kind.TEXT);
        add("setObject(Timestamp, DATE)", (s, i) -> s.setObject(i, Timestamp.valueOf("2020-01-02 03:04:05"), Types.DATE),
                Kind.DATE, Kind.TEXT);
        add("setObject(LocalDate, JDBCType.DATE)", (s, i) -> s.setObject(i, LocalDate.of(2020, 1, 2), JDBCType.DATE), Kind.DATE,
                Kind.TEXT);
        add("setObject(OffsetDateTime, TIMESTAMP_WITH_TIMEZONE)",
                (s, i) -> s.setObject(i, offset, Types.TIMESTAMP_WITH_TIMEZONE), Kind.TIMESTAMPTZ, Kind.TEXT);
    }

    private void streams() {
        add("setAsciiStream", (s, i) -> s.setAsciiStream(i, new ByteArrayInputStream("ascii".getBytes(StandardCharsets.US_ASCII))),
                Kind.TEXT);
        add("setAsciiStream(length)", (s, i) -> s.setAsciiStream(i,
                new ByteArrayInputStream("ascii".getBytes(StandardCharsets.US_ASCII)), 3), Kind.TEXT);
        add("setCharacterStream", (s, i) -> s.setCharacterStream(i, new StringReader("chars ☃")), Kind.TEXT);
        add("setCharacterStream(length)", (s, i) -> s.setCharacterStream(i, new StringReader("chars ☃"), 4), Kind.TEXT);
        add("setNCharacterStream", (s, i) -> s.setNCharacterStream(i, new StringReader("nchars")), Kind.TEXT);
        add("setBinaryStream", (s, i) -> s.setBinaryStream(i, new ByteArrayInputStream(new byte[] {9, 8, 0, 7})), Kind.BLOB);
        add("setBinaryStream(length)", (s, i) -> s.setBinaryStream(i, new ByteArrayInputStream(new byte[] {9, 8, 0, 7}), 2),
                Kind.BLOB);
        add("setBlob(InputStream)", (s, i) -> s.setBlob(i, new ByteArrayInputStream(new byte[] {5, 6})), Kind.BLOB);
        add("setClob(Reader)", (s, i) -> s.setClob(i, new StringReader("clob")), Kind.TEXT);
    }
}
