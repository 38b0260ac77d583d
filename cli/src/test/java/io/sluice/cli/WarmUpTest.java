package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WarmUpTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void theJitHasSettledWhenItCompiledForLessThanFivePercentOfTheRoundsCpu() {
        assertThat(WarmUp.settled(49, SECOND)).isTrue();
        assertThat(WarmUp.settled(0, SECOND)).isTrue();
        assertThat(WarmUp.settled(50, SECOND)).isFalse(); // exactly 5%
        assertThat(WarmUp.settled(1_300, SECOND)).isFalse(); // compiler threads busier than the second of CPU
        assertThat(WarmUp.settled(-1, SECOND)).isFalse();
        assertThat(WarmUp.settled(10, -1)).isFalse();
    }

    @Test
    void theRoundsRepeatUntilTheJitSettledAtMostFive() {
        assertThat(WarmUp.stop(1, 400, 2 * SECOND)).isFalse();
        assertThat(WarmUp.stop(2, 150, 2 * SECOND)).isFalse(); // 7.5%
        assertThat(WarmUp.stop(3, 40, 2 * SECOND)).isTrue(); // 2%
        assertThat(WarmUp.stop(4, 900, 2 * SECOND)).isFalse();
        assertThat(WarmUp.stop(5, 900, 2 * SECOND)).isTrue(); // not settled, but the last round
    }

    @Test
    void withoutTheJitsTimeOrTheProcessCpuOneRoundIsAll() {
        assertThat(WarmUp.stop(1, -1, 2 * SECOND)).isTrue();
        assertThat(WarmUp.stop(1, 400, -1)).isTrue();
        assertThat(WarmUp.describeRounds(1, -1, 2 * SECOND)).isEqualTo("1 round (this JVM does not report the JIT's compilation time)");
        assertThat(WarmUp.describeRounds(1, 400, -1)).isEqualTo("1 round (this JVM does not report its process CPU time)");
    }

    @Test
    void theLineSaysTheRoundsAndTheJitsShareOfTheLast() {
        assertThat(WarmUp.describeRounds(3, 40, 2 * SECOND)).isEqualTo("3 rounds until the JIT settled (JIT 2.0% of the last round's CPU)");
        assertThat(WarmUp.describeRounds(1, 0, 2 * SECOND)).isEqualTo("1 round until the JIT settled (JIT 0.0% of the last round's CPU)");
        assertThat(WarmUp.describeRounds(5, 300, 2 * SECOND)).isEqualTo("5 rounds, the JIT still compiling (JIT 15.0% of the last round's CPU)");
    }
}
