package io.sluice.parser;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.spi.SluiceSqlException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Shared pieces of the property-based tests over hostile input: mutations of valid text, and running a
 * parse under a deadline so that a hang fails the property instead of the build.
 *
 * <p>The number of tries comes from {@code jqwik.tries.default} in {@code junit-platform.properties};
 * a long run overrides it on the command line, e.g.
 * {@code mvn -o verify -pl parser -am -Dtest='*FuzzTest' -Djqwik.tries.default=100000}.
 */
public final class Fuzz {
    /** How long one parse may take before it counts as a hang; generous for a loaded 2-core machine. */
    public static final Duration DEADLINE = Duration.ofSeconds(20);

    /** Text that tends to break scanners: quotes, brackets, escapes, separators, keywords, huge numbers, odd characters. */
    public static final List<String> HOSTILE = List.of(
            "'", "\"", "`", "(", ")", "[", "]", "{", "}", ",", ";", ":", "=", ".", "\\", "\n", "\r", "\r\n", "\t", "\f", "\0", " ",
            "--", "/*", "*/", "''", "\\'", "\"\"", "``", "\\N", "\\x4", "\\u12", "\\", "NULL", "null", "DEFAULT", "true", "VALUES",
            "FORMAT", "SELECT", "SETTINGS", "((((", "))))", "-", "+", "e", "E", "1e999999999", "-1e-999999999",
            "9".repeat(40), "-9223372036854775809", "9223372036854775808", "18446744073709551616", "0.000000000000000000001",
            "NaN", "inf", "-Infinity", "é", "€", "\uD83D\uDE00", "\uD800", "\uDC00", "\uFFFF", "\uFEFF", "\u2028", "\u0085", "?",
            "2024-02-30", "2024-02-29 24:00:00", "00000000-0000-0000-0000-00000000000g");

    private static final ExecutorService RUNNER = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fuzz-runner");
        thread.setDaemon(true);
        return thread;
    });

    private Fuzz() {}

    /**
     * One edit of a text. {@code at} is where (a fraction of the length, so that it shrinks well and fits
     * any text), {@code length} how much, {@code pick} which hostile piece or character.
     */
    public record Mutation(int kind, double at, int length, int pick) {
        public String applyTo(String text) {
            int n = text.length();
            int pos = Math.min(n, (int) (at * (n + 1)));
            int end = Math.min(n, pos + length);
            String piece = HOSTILE.get(Math.floorMod(pick, HOSTILE.size()));
            return switch (kind) {
                case 0 -> text.substring(0, pos) + piece + text.substring(pos);
                case 1 -> text.substring(0, pos) + text.substring(end);
                case 2 -> text.substring(0, pos) + piece + text.substring(end);
                case 3 -> text.substring(0, pos);
                case 4 -> text.substring(0, end) + text.substring(pos, end) + text.substring(end);
                case 5 -> pos < n ? text.substring(0, pos) + String.valueOf(text.charAt(pos)).repeat(length) + text.substring(pos) : text;
                case 6 -> text.substring(0, pos) + new String(Character.toChars(pick % 0x110000)) + text.substring(pos);
                default -> pos < n ? text.substring(0, pos) + (char) (text.charAt(pos) ^ (1 << (pick % 7))) + text.substring(pos + 1) : text;
            };
        }
    }

    public static Arbitrary<Mutation> mutation() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 7),
                        Arbitraries.doubles().between(0, 1),
                        Arbitraries.integers().between(1, 12),
                        Arbitraries.integers().between(0, 0x10FFFF))
                .as(Mutation::new);
    }

    /** {@code valid} with one to five random edits. */
    public static Arbitrary<String> mutated(Arbitrary<String> valid) {
        return Combinators.combine(valid, mutation().list().ofMinSize(1).ofMaxSize(5)).as((text, mutations) -> {
            String out = text;
            for (Mutation mutation : mutations) {
                out = mutation.applyTo(out);
            }
            return out;
        });
    }

    /** Any text: mostly short, from all of UTF-16 (lone surrogates and NUL included) or from the hostile pieces. */
    public static Arbitrary<String> garbage() {
        Arbitrary<String> chars = Arbitraries.strings().all().ofMaxLength(80);
        Arbitrary<String> pieces = Arbitraries.of(HOSTILE).list().ofMaxSize(20).map(list -> String.join("", list));
        return Arbitraries.oneOf(chars, pieces);
    }

    /** A task that may throw anything. */
    @FunctionalInterface
    public interface Task<T> {
        T run() throws Exception;
    }

    /**
     * Runs {@code task} on another thread and waits at most {@link #DEADLINE}: a hang fails with the input in the
     * message. Whatever the task throws is rethrown as is.
     */
    public static <T> T within(String input, Task<T> task) throws Exception {
        Callable<T> callable = task::run;
        Future<T> future = RUNNER.submit(callable);
        try {
            return future.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new AssertionError("No result within " + DEADLINE.toSeconds() + " s (a hang?) for input of " + input.length()
                    + " characters: " + preview(input));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            throw (Error) cause;
        }
    }

    /** The start of a text, escaped for a readable failure message. */
    public static String preview(String text) {
        StringBuilder out = new StringBuilder();
        int shown = Math.min(text.length(), 300);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || (c >= 0x7F && c < 0xA0) || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out + (text.length() > shown ? "…" : "");
    }

    /**
     * Asserts that {@code error} is what bad input may cause: a {@link SluiceSqlException} whose message starts
     * with its code's name, and nothing else (no runtime exception, no error).
     */
    public static SluiceSqlException assertSluiceError(Throwable error, String input) {
        if (!(error instanceof SluiceSqlException sluice)) {
            throw new AssertionError("Expected a SluiceSqlException for input " + preview(input) + " but got " + error, error);
        }
        assertThat(sluice.getErrorCode()).as("error code").isPositive();
        assertThat(sluice.getMessage()).as("message of %s", sluice).startsWith(sluice.error().name() + ": ");
        assertThat(sluice.getSQLState()).as("SQLState").isNotNull().hasSize(5);
        return sluice;
    }
}
