package io.sluice.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceSqlException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the statement cases in {@code src/test/resources/statements/*.txt}. A case gives {@code sql:} and
 * either {@code error:} (the exact message of the SYNTAX_ERROR) or some of the properties
 * {@link #describe} renders ({@code kind} always); only the properties a case lists are compared.
 */
class StatementSpecTest {
    static Stream<SpecFile.Case> cases() {
        return SpecFile.cases("statements");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void statement(SpecFile.Case spec) throws SluiceSqlException {
        String sql = SpecFile.decode(spec.get("sql"));
        StatementParser parser = new StatementParser(16);
        if (spec.has("error")) {
            assertThatThrownBy(() -> parser.parse(sql))
                    .isInstanceOf(SluiceSqlException.class)
                    .hasMessage(spec.get("error"))
                    .satisfies(e -> assertThat(((SluiceSqlException) e).error()).isEqualTo(ErrorCode.SYNTAX_ERROR));
            return;
        }
        assertThat(spec.has("kind")).as("a case without error: must say kind:").isTrue();
        Map<String, String> actual = describe(parser.parse(sql));
        Map<String, String> expected = new LinkedHashMap<>(spec.values());
        expected.remove("sql");
        assertThat(actual).containsAllEntriesOf(expected);
    }

    /** The statement's properties as one-line strings. */
    static Map<String, String> describe(Statement statement) {
        Map<String, String> out = new LinkedHashMap<>();
        if (statement instanceof InsertStatement insert) {
            InsertHead head = insert.head();
            out.put("kind", "INSERT");
            out.put("table", head.table().toString());
            out.put("database", String.valueOf(head.table().database()));
            out.put("name", head.table().name());
            out.put("columns", head.columns() == null ? "-" : head.columns().toString());
            StringBuilder settings = new StringBuilder("[");
            for (SettingAssignment setting : head.settings()) {
                settings.append(settings.length() > 1 ? ", " : "").append(setting.name()).append('=').append(setting.value());
            }
            out.put("settings", SpecFile.encode(settings.append(']').toString()));
            out.put("source", head.source().name());
            out.put("format", String.valueOf(head.format()));
            out.put("head", SpecFile.encode(head.text()));
            out.put("data", SpecFile.encode(insert.sql().substring(insert.dataStart())));
            out.put("dataStart", Integer.toString(insert.dataStart()));
            out.put("dataBytes", Integer.toString(insert.dataBytes()));
            out.put("mysqlForm", Boolean.toString(insert.mysqlForm()));
            out.put("text", SpecFile.encode(insert.sql()));
        } else if (statement instanceof SetStatement set) {
            out.put("kind", "SET");
            out.put("setting", SpecFile.encode(set.assignment().name() + "=" + set.assignment().value()));
        } else if (statement instanceof SystemFlushQueueStatement flush) {
            out.put("kind", "FLUSH_QUEUE");
            out.put("tables", flush.tables().toString());
        } else if (statement instanceof SystemFlushLogsStatement) {
            out.put("kind", "FLUSH_LOGS");
        } else if (statement instanceof SystemReplayDeadLetterStatement replay) {
            out.put("kind", "REPLAY_DEAD_LETTER");
            out.put("table", String.valueOf(replay.table()));
        } else if (statement instanceof SystemQueryStatement) {
            out.put("kind", "SYSTEM_QUERY");
        } else if (statement instanceof PassThroughStatement) {
            out.put("kind", "PASS_THROUGH");
        }
        return out;
    }
}
