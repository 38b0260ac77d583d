package io.sluice.kit;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Disables the kits over deliberately broken plugins unless {@link KitCatchesBrokenPluginsTest} runs
 * them, which it says with the configuration parameter {@value #PARAMETER}; a build whose test filter
 * happens to match their names then skips them instead of failing.
 */
final class OnlyWhenRunByTheKitSelfTest implements ExecutionCondition {
    static final String PARAMETER = "sluice.kit.runBrokenPlugins";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return context.getConfigurationParameter(PARAMETER).map(Boolean::parseBoolean).orElse(false)
                ? ConditionEvaluationResult.enabled("run by KitCatchesBrokenPluginsTest")
                : ConditionEvaluationResult.disabled("a kit over a deliberately broken plugin; KitCatchesBrokenPluginsTest runs it");
    }
}
