package io.sluice.spi.log;

import java.util.Arrays;

/** SLF4J's message formatting: each {@code {}} takes the next argument; a trailing Throwable is the record's. */
final class MessageFormat {
    private MessageFormat() {}

    record Formatted(String message, Throwable thrown) {}

    static Formatted format(String pattern, Object[] arguments) {
        if (arguments == null || arguments.length == 0) {
            return new Formatted(pattern, null);
        }
        Throwable thrown = arguments[arguments.length - 1] instanceof Throwable t ? t : null;
        int usable = thrown == null ? arguments.length : arguments.length - 1;
        if (pattern == null) {
            return new Formatted(null, thrown);
        }
        StringBuilder out = new StringBuilder(pattern.length() + 16 * usable);
        int from = 0;
        int next = 0;
        while (next < usable) {
            int at = pattern.indexOf("{}", from);
            if (at < 0) {
                break;
            }
            boolean escaped = at > 0 && pattern.charAt(at - 1) == '\\';
            boolean escapeEscaped = escaped && at > 1 && pattern.charAt(at - 2) == '\\';
            if (escaped && !escapeEscaped) {
                // "\{}" stays a literal "{}" and takes no argument (SLF4J's rule).
                out.append(pattern, from, at - 1).append("{}");
                from = at + 2;
                continue;
            }
            out.append(pattern, from, escapeEscaped ? at - 1 : at);
            out.append(render(arguments[next++]));
            from = at + 2;
        }
        out.append(pattern, from, pattern.length());
        return new Formatted(out.toString(), thrown);
    }

    private static String render(Object argument) {
        if (argument instanceof Object[] array) {
            return Arrays.deepToString(array);
        }
        if (argument instanceof int[] a) {
            return Arrays.toString(a);
        }
        if (argument instanceof long[] a) {
            return Arrays.toString(a);
        }
        if (argument instanceof byte[] a) {
            return Arrays.toString(a);
        }
        if (argument instanceof double[] a) {
            return Arrays.toString(a);
        }
        try {
            return String.valueOf(argument);
        } catch (RuntimeException e) {
            return "[FAILED toString() of " + argument.getClass().getName() + ": " + e + "]";
        }
    }
}
