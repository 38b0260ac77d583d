package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgumentsTest {
    private static final Set<String> VALUES = Set.of("threads", "url");
    private static final Set<String> FLAGS = Set.of("keep");

    private static Arguments parse(String... args) throws UsageException {
        return Arguments.parse("bench", List.of(args), VALUES, FLAGS);
    }

    @Test
    void readsValuesFlagsAndPositionals() throws UsageException {
        Arguments args = parse("--threads", "4", "SELECT 1", "--keep", "--url=jdbc:sluice:sqlite:a.db", "SELECT 2");

        assertThat(args.intOption("threads", 8, 1)).isEqualTo(4);
        assertThat(args.option("url", "default")).isEqualTo("jdbc:sluice:sqlite:a.db");
        assertThat(args.flag("keep")).isTrue();
        assertThat(args.positionals()).containsExactly("SELECT 1", "SELECT 2");
    }

    @Test
    void defaultsApplyWhenAnOptionIsAbsent() throws UsageException {
        Arguments args = parse();

        assertThat(args.intOption("threads", 8, 1)).isEqualTo(8);
        assertThat(args.option("url", "default")).isEqualTo("default");
        assertThat(args.flag("keep")).isFalse();
    }

    @Test
    void aDoubleDashEndsTheOptions() throws UsageException {
        assertThat(parse("--", "--threads", "-1").positionals()).containsExactly("--threads", "-1");
    }

    @Test
    void numbersMayBeGroupedWithUnderscores() throws UsageException {
        assertThat(parse("--threads", "1_000").longOption("threads", 8, 1)).isEqualTo(1000);
    }

    @Test
    void mistakesAreReportedPrecisely() {
        assertThatThrownBy(() -> parse("--rows", "5")).hasMessage("unknown option --rows for 'sluice bench'");
        assertThatThrownBy(() -> parse("--threads")).hasMessage("option --threads of 'sluice bench' needs a value");
        assertThatThrownBy(() -> parse("--keep=yes")).hasMessage("option --keep of 'sluice bench' takes no value");
        assertThatThrownBy(() -> parse("--threads", "1", "--threads", "2"))
                .hasMessage("option --threads of 'sluice bench' is given twice");
        assertThatThrownBy(() -> parse("--threads", "many").intOption("threads", 8, 1))
                .hasMessage("option --threads of 'sluice bench': 'many' is not a whole number");
        assertThatThrownBy(() -> parse("--threads", "0").intOption("threads", 8, 1))
                .hasMessage("option --threads of 'sluice bench' must be at least 1, not 0");
    }
}
