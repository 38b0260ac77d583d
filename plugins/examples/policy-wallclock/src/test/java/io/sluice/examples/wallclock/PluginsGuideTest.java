package io.sluice.examples.wallclock;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * docs/PLUGINS.md shows this module's files in full, each code block after a marker
 * {@code <!-- example: <path in this module> -->}: the blocks must be the files as they are, so that the
 * guide a plugin author copies from is the code this module builds and tests.
 */
class PluginsGuideTest {
    private static final Path GUIDE = Path.of("../../../docs/PLUGINS.md");
    private static final Pattern EXAMPLE = Pattern.compile("<!-- example: (\\S+) -->\\n```[a-z]*\\n(.*?)\\n```", Pattern.DOTALL);

    @Test
    @DisplayName("every file docs/PLUGINS.md shows from the example is the example's file, as it is")
    void guideShowsTheExampleAsItIs() throws IOException {
        String guide = Files.readString(GUIDE, StandardCharsets.UTF_8);
        Matcher example = EXAMPLE.matcher(guide);
        List<String> shown = new ArrayList<>();
        while (example.find()) {
            Path file = Path.of(example.group(1));
            assertThat(file).as("a file docs/PLUGINS.md shows").isRegularFile();
            assertThat(example.group(2)).as("docs/PLUGINS.md's copy of %s", file)
                    .isEqualTo(Files.readString(file, StandardCharsets.UTF_8).stripTrailing());
            shown.add(file.getFileName().toString());
        }
        assertThat(shown).containsExactlyInAnyOrder("WallClockFlushPolicy.java", "WallClockPolicyPlugin.java", "io.sluice.spi.Plugin",
                "WallClockPolicyKitTest.java");
    }
}
