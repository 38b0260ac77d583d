package io.sluice.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.sluice.spi.FlushDecision;
import io.sluice.spi.FlushPolicy;
import io.sluice.spi.FlushPolicyFactory;
import io.sluice.spi.Plugin;
import io.sluice.spi.PluginContext;
import io.sluice.spi.SettingsView;
import io.sluice.spi.StatefulFlushPolicy;
import io.sluice.spi.StorageFeedback;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link FlushPolicy}, as abstract JUnit 5 tests. A policy author extends this class
 * and supplies the factory; every test then runs against policies the factory builds, on the kit's
 * {@link #clock manual clock}:
 *
 * <pre>{@code
 * class WallClockPolicyKitTest extends FlushPolicyKit {
 *     @Override
 *     protected FlushPolicyFactory factory() {
 *         return KitPlugins.flushPolicy("wallclock");
 *     }
 * }
 * }</pre>
 *
 * <p>The kit asks the policy about many buffers: empty and holding entries, just opened and long open,
 * with and without an earlier append to the table, with and without storage feedback, under each of
 * {@link #settingsCases()}, at monotonic times around zero, below it (a monotonic clock's origin is
 * arbitrary) and far above it. A {@link StatefulFlushPolicy} is also asked at the states its own
 * {@code onAppend} reaches for bursts and for sparse appends.
 */
public abstract class FlushPolicyKit extends PluginKit<FlushPolicyFactory, FlushPolicy> {
    private static final long MS = 1_000_000L;
    private static final int MOST_CHECKS_BEFORE_A_FLUSH = 1_000;

    private FlushPolicy policy;

    /** Builds the policy under test from {@link #config()} before each test. */
    @BeforeEach
    final void buildPolicy() throws SQLException {
        policy = build(config());
    }

    /**
     * The policy the kit tests, built once per test from {@link #config()}.
     *
     * @return the policy
     */
    protected final FlushPolicy policy() {
        return policy;
    }

    @Override
    protected PluginContext context() {
        return new PluginContext(clock, "kit:flush-policy", new Properties());
    }

    @Override
    final List<FlushPolicyFactory> registeredFactories() {
        return registered(Plugin::getFlushPolicyFactories);
    }

    /**
     * The buffer-key settings the kit asks the policy under, each on top of the defaults. The default
     * list covers the built-in defaults, a short and a long busy timeout, the adaptive timeout turned
     * off, and low size and count limits. Override to add the settings your policy reads:
     * {@code List.of(super.settingsCases(), …)}.
     *
     * @return setting name to value, one map per case
     */
    protected List<Map<String, String>> settingsCases() {
        return List.of(
                Map.of(),
                Map.of("async_insert_busy_timeout_max_ms", "10", "async_insert_busy_timeout_min_ms", "1"),
                Map.of("async_insert_busy_timeout_max_ms", "5000", "async_insert_use_adaptive_busy_timeout", "0"),
                Map.of("async_insert_max_query_number", "3", "async_insert_max_data_size", "1000"));
    }

    // ---------------------------------------------------------------- the cases the policy is asked about

    /** One question to the policy. */
    record Question(BufferViewFixture view, long nowNanos) {
        FlushDecision askedOf(FlushPolicy policy) {
            return policy.decide(view, nowNanos);
        }

        @Override
        public String toString() {
            return "decide(" + view + ", now=" + nowNanos + ")";
        }
    }

    private List<SettingsView> settingsViews() {
        List<SettingsView> views = new ArrayList<>();
        for (Map<String, String> values : settingsCases()) {
            Map<String, String> all = new LinkedHashMap<>(pluginSettings());
            all.putAll(values);
            views.add(KitSettings.view(factory(), all));
        }
        return views;
    }

    private static List<Long> nows() {
        return List.of(0L, -5_000 * MS, 1_000_000_000_000_000L);
    }

    /** Feedback from the storage: none yet, two flushes a second apart, and a failing, backed-up table. */
    private static List<StorageFeedback> feedbacks(long openedAt) {
        return List.of(StorageFeedback.NONE,
                new StorageFeedback(openedAt - 100 * MS, openedAt - 1_100 * MS, 5 * MS, 0, 0),
                new StorageFeedback(openedAt - 10 * MS, openedAt - 20 * MS, 3_000 * MS, 3, 5));
    }

    /**
     * The states a table reaches in a stateful policy for a burst of appends 1 ms apart, for sparse
     * appends 1 s apart, and for both mixed, starting from its initial state; only 0 for other policies.
     */
    private List<Long> statesReached(SettingsView settings) {
        if (!(policy instanceof StatefulFlushPolicy stateful)) {
            return List.of(0L);
        }
        List<Long> states = new ArrayList<>();
        long initial = stateful.initialState(settings);
        states.add(initial);
        for (long[] gaps : new long[][] {{1 * MS}, {1_000 * MS}, {1 * MS, 5_000 * MS}}) {
            states.add(appendAll(stateful, settings, initial, gaps, 30).get(29));
        }
        return states.stream().distinct().toList();
    }

    /** The states after each of {@code count} appends, {@code gaps} apart in turn, with a flush history. */
    private static List<Long> appendAll(StatefulFlushPolicy policy, SettingsView settings, long initial, long[] gaps, int count) {
        List<Long> states = new ArrayList<>();
        long state = initial;
        long now = 10_000 * MS;
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < count; i++) {
            BufferViewFixture table = BufferViewFixture.of(settings, now).withPreviousAppendNanos(previous)
                    .withFeedback(new StorageFeedback(now - 100 * MS, now - 1_100 * MS, 5 * MS, 0, 0));
            state = policy.onAppend(state, table, now);
            states.add(state);
            previous = now;
            now += gaps[i % gaps.length];
        }
        return states;
    }

    /** Buffers below their limits, with {@code contents} as entries and bytes, at every time and history. */
    private List<Question> questions(List<int[]> contents) {
        List<Question> questions = new ArrayList<>();
        for (SettingsView settings : settingsViews()) {
            List<Long> states = statesReached(settings);
            for (long now : nows()) {
                for (long age : new long[] {0, 1, 9, 10, 199, 200, 5_000, 3_600_000}) {
                    long openedAt = now - age * MS;
                    for (long previous : new long[] {Long.MIN_VALUE, openedAt - 1 * MS, openedAt - 5_000 * MS}) {
                        for (StorageFeedback feedback : feedbacks(openedAt)) {
                            for (long state : states) {
                                for (int[] content : contents) {
                                    questions.add(new Question(BufferViewFixture.of(settings, openedAt).withContent(content[0], content[1])
                                            .withPreviousAppendNanos(previous).withFeedback(feedback).withStateAtOpen(state), now));
                                }
                            }
                        }
                    }
                }
            }
        }
        return questions;
    }

    /** Below every limit of every settings case: the lowest case allows 2 entries and 999 bytes. */
    private List<Question> belowLimits() {
        return questions(List.of(new int[] {0, 0}, new int[] {1, 10}, new int[] {2, 300}));
    }

    private List<Question> holdingEntriesBelowLimits() {
        return questions(List.of(new int[] {1, 10}, new int[] {2, 300}));
    }

    private List<Question> empty() {
        return questions(List.<int[]>of(new int[] {0, 0}));
    }

    private static String describe(FlushDecision decision) {
        return decision.flush() ? "flush now (" + decision.trigger() + ")" : "check again at " + decision.checkAgainAtNanos();
    }

    // ---------------------------------------------------------------- the contract

    @Nested
    @DisplayName("Hard limits")
    class HardLimits {
        @Test
        @DisplayName("a buffer holding async_insert_max_query_number entries or more is flushed, whatever its age and history")
        void entryLimit() {
            Violations violations = new Violations("a buffer at its entry limit is flushed");
            for (SettingsView settings : settingsViews()) {
                long limit = settings.getLong("async_insert_max_query_number");
                long bytes = settings.getLong("async_insert_max_data_size");
                for (Question question : limitQuestions(settings, (int) limit, Math.min(bytes - 1, limit), (int) limit + 1)) {
                    FlushDecision decision = question.askedOf(policy);
                    violations.check(decision.flush(), () -> question + " gave " + describe(decision));
                }
            }
            violations.assertNone();
        }

        @Test
        @DisplayName("a buffer holding async_insert_max_data_size bytes or more is flushed, even with one entry")
        void byteLimit() {
            Violations violations = new Violations("a buffer at its byte limit is flushed");
            for (SettingsView settings : settingsViews()) {
                long bytes = settings.getLong("async_insert_max_data_size");
                List<Question> questions = new ArrayList<>(limitQuestions(settings, 1, bytes, 1));
                questions.addAll(limitQuestions(settings, 1, bytes * 3, 1));
                for (Question question : questions) {
                    FlushDecision decision = question.askedOf(policy);
                    violations.check(decision.flush(), () -> question + " gave " + describe(decision));
                }
            }
            violations.assertNone();
        }

        private List<Question> limitQuestions(SettingsView settings, int entries, long bytes, int moreEntries) {
            List<Question> questions = new ArrayList<>();
            for (long state : statesReached(settings)) {
                for (long now : nows()) {
                    for (long age : new long[] {0, 1, 10_000}) {
                        long openedAt = now - age * MS;
                        for (long previous : new long[] {Long.MIN_VALUE, openedAt - 1 * MS, openedAt - 5_000 * MS}) {
                            for (StorageFeedback feedback : feedbacks(openedAt)) {
                                BufferViewFixture view = BufferViewFixture.of(settings, openedAt).withPreviousAppendNanos(previous)
                                        .withFeedback(feedback).withStateAtOpen(state);
                                questions.add(new Question(view.withContent(entries, bytes), now));
                                questions.add(new Question(view.withContent(moreEntries, bytes), now));
                            }
                        }
                    }
                }
            }
            return questions;
        }
    }

    @Nested
    @DisplayName("Check-again times")
    class CheckAgain {
        @Test
        @DisplayName("are never before now")
        void neverInThePast() {
            Violations violations = new Violations("a check-again time is not before now");
            for (Question question : belowLimits()) {
                FlushDecision decision = question.askedOf(policy);
                violations.check(decision.flush() || decision.checkAgainAtNanos() >= question.nowNanos(),
                        () -> question + " gave " + describe(decision));
            }
            violations.assertNone();
        }

        @Test
        @DisplayName("are after now for a buffer holding entries: asking again at the same time would get the same answer")
        void afterNowWhenHoldingEntries() {
            Violations violations = new Violations("a buffer holding entries is asked again after now");
            for (Question question : holdingEntriesBelowLimits()) {
                FlushDecision decision = question.askedOf(policy);
                violations.check(decision.flush() || decision.checkAgainAtNanos() > question.nowNanos(),
                        () -> question + " gave " + describe(decision));
            }
            violations.assertNone();
        }

        @Test
        @DisplayName("lead to a flush of a buffer left alone, when the clock moves to each of them")
        void leadToAFlush() {
            for (SettingsView settings : settingsViews()) {
                for (long state : statesReached(settings)) {
                    for (int[] content : new int[][] {{1, 10}, {2, 300}}) {
                        long openedAt = clock.nanoTime();
                        for (long previous : new long[] {Long.MIN_VALUE, openedAt - 1 * MS, openedAt - 5_000 * MS}) {
                            for (StorageFeedback feedback : feedbacks(openedAt)) {
                                BufferViewFixture view = BufferViewFixture.of(settings, openedAt).withContent(content[0], content[1])
                                        .withPreviousAppendNanos(previous).withFeedback(feedback).withStateAtOpen(state);
                                followUntilFlushed(view);
                            }
                        }
                    }
                }
            }
        }

        private void followUntilFlushed(BufferViewFixture view) {
            long start = clock.nanoTime();
            for (int check = 0; check < MOST_CHECKS_BEFORE_A_FLUSH; check++) {
                long now = clock.nanoTime();
                FlushDecision decision = policy.decide(view, now);
                if (decision.flush()) {
                    return;
                }
                if (decision.checkAgainAtNanos() <= now) {
                    fail("%s gave %s, not after now: the buffer would never be flushed", new Question(view, now), describe(decision));
                }
                clock.advance(decision.checkAgainAtNanos() - now, TimeUnit.NANOSECONDS);
            }
            fail("%s was not flushed after %d checks at the times the policy named (from %d to %d ns)", view, MOST_CHECKS_BEFORE_A_FLUSH,
                    start, clock.nanoTime());
        }
    }

    @Nested
    @DisplayName("Determinism")
    class Determinism {
        @Test
        @DisplayName("the same view and time get the same answer, whatever was asked in between")
        void sameQuestionSameAnswer() {
            List<Question> questions = belowLimits();
            List<FlushDecision> first = answers(policy, questions);
            List<Question> reversed = new ArrayList<>(questions);
            Collections.reverse(reversed);
            List<FlushDecision> again = answers(policy, reversed);
            Collections.reverse(again);
            assertSame(questions, first, again, "asked again in reverse order");
        }

        @Test
        @DisplayName("a second policy built later from the same settings answers alike")
        void secondInstanceAnswersAlike() throws SQLException {
            List<Question> questions = belowLimits();
            List<FlushDecision> first = answers(policy, questions);
            clock.advance(1_007, TimeUnit.MILLISECONDS);
            List<FlushDecision> second = answers(build(config()), questions);
            assertSame(questions, first, second, "asked of a policy built 1007 ms later");
        }

        @Test
        @DisplayName("answers do not depend on the thread that asks, with several threads asking at once")
        void threadSafe() throws Exception {
            List<Question> questions = belowLimits();
            List<FlushDecision> expected = answers(policy, questions);
            int threads = 4;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Callable<List<FlushDecision>>> tasks = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    tasks.add(() -> answers(policy, questions));
                }
                for (Future<List<FlushDecision>> result : pool.invokeAll(tasks, 60, TimeUnit.SECONDS)) {
                    assertSame(questions, expected, result.get(), "asked from " + threads + " threads at once");
                }
            } finally {
                pool.shutdownNow();
            }
        }

        private List<FlushDecision> answers(FlushPolicy asked, List<Question> questions) {
            List<FlushDecision> answers = new ArrayList<>(questions.size());
            for (Question question : questions) {
                answers.add(question.askedOf(asked));
            }
            return answers;
        }

        private void assertSame(List<Question> questions, List<FlushDecision> expected, List<FlushDecision> actual, String how) {
            assertThat(actual).hasSameSizeAs(expected);
            for (int i = 0; i < questions.size(); i++) {
                if (!expected.get(i).equals(actual.get(i))) {
                    fail("%s gave %s, and %s when %s", questions.get(i), describe(expected.get(i)), describe(actual.get(i)), how);
                }
            }
        }
    }

    @Nested
    @DisplayName("Empty buffers")
    class EmptyBuffers {
        @Test
        @DisplayName("an empty buffer gets an answer, not an exception")
        void emptyGetsAnAnswer() {
            Violations violations = new Violations("an empty buffer gets an answer");
            for (Question question : empty()) {
                FlushDecision decision;
                try {
                    decision = question.askedOf(policy);
                } catch (RuntimeException e) {
                    throw new AssertionError(question + " threw " + e, e);
                }
                violations.check(decision != null, () -> question + " returned null");
            }
            violations.assertNone();
        }
    }

    @Nested
    @DisplayName("A policy with per-table state (StatefulFlushPolicy)")
    class Stateful {
        private StatefulFlushPolicy stateful;

        @BeforeEach
        void onlyForStatefulPolicies() {
            Assumptions.assumeTrue(policy instanceof StatefulFlushPolicy, "the policy keeps no per-table state");
            stateful = (StatefulFlushPolicy) policy;
        }

        @Test
        @DisplayName("gets the same states from the same appends, on a second policy built later too")
        void deterministicStates() throws SQLException {
            clock.advance(3, TimeUnit.SECONDS);
            StatefulFlushPolicy second = (StatefulFlushPolicy) build(config());
            for (SettingsView settings : settingsViews()) {
                long initial = stateful.initialState(settings);
                assertThat(second.initialState(settings)).as("initialState under %s", settings).isEqualTo(initial);
                for (long[] gaps : new long[][] {{1 * MS}, {1_000 * MS}, {1 * MS, 5_000 * MS}}) {
                    List<Long> states = appendAll(stateful, settings, initial, gaps, 30);
                    assertThat(appendAll(stateful, settings, initial, gaps, 30)).as("states again under %s", settings).isEqualTo(states);
                    assertThat(appendAll(second, settings, initial, gaps, 30)).as("states of a second policy under %s", settings)
                            .isEqualTo(states);
                }
            }
        }

        @Test
        @DisplayName("flushes buffers opened at any state its appends reach once they pass a hard limit, and never answers in the past")
        void contractHoldsAtReachedStates() {
            Violations violations = new Violations("at every state reached, a full buffer is flushed and one entry is asked again after now");
            for (SettingsView settings : settingsViews()) {
                long entryLimit = settings.getLong("async_insert_max_query_number");
                for (long state : statesReached(settings)) {
                    long now = 20_000 * MS;
                    BufferViewFixture view = BufferViewFixture.of(settings, now).withStateAtOpen(state).withPreviousAppendNanos(now - MS)
                            .withFeedback(new StorageFeedback(now - 100 * MS, now - 1_100 * MS, 5 * MS, 0, 0));
                    FlushDecision full = policy.decide(view.withContent((int) entryLimit, entryLimit), now);
                    violations.check(full.flush(), () -> "full buffer at state " + state + " under " + settings + ": " + describe(full));
                    FlushDecision one = policy.decide(view.withContent(1, 1), now);
                    violations.check(one.flush() || one.checkAgainAtNanos() > now,
                            () -> "one entry at state " + state + " under " + settings + ": " + describe(one));
                }
            }
            violations.assertNone();
        }
    }
}
