package io.sluice.kit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Collects the cases that break a rule, so that one test over thousands of cases reports how many broke
 * it and shows the first few, instead of stopping at the first. Cheaper than soft assertions: a message
 * is only built for a case that fails.
 */
final class Violations {
    private static final int SHOWN = 10;

    private final String rule;
    private final List<String> shown = new ArrayList<>();
    private int count;
    private int checked;

    Violations(String rule) {
        this.rule = rule;
    }

    /** Records a violation, described by {@code message}, unless {@code holds}. */
    void check(boolean holds, Supplier<String> message) {
        checked++;
        if (holds) {
            return;
        }
        count++;
        if (shown.size() < SHOWN) {
            shown.add(message.get());
        }
    }

    /** Fails when any case broke the rule; fails too when no case was checked, since the test proved nothing. */
    void assertNone() {
        if (checked == 0) {
            throw new AssertionError("No case was checked for: " + rule);
        }
        if (count > 0) {
            StringBuilder message = new StringBuilder(count + " of " + checked + " cases break the rule: " + rule);
            for (String violation : shown) {
                message.append("\n  ").append(violation);
            }
            if (count > shown.size()) {
                message.append("\n  … and ").append(count - shown.size()).append(" more");
            }
            throw new AssertionError(message.toString());
        }
    }
}
