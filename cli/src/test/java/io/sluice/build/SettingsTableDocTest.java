package io.sluice.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.engine.Engines;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/SETTINGS.md's table is generated from the declarative settings table and the settings every built-in
 * plugin declares (the command line's class path holds them all), never kept by hand.
 */
class SettingsTableDocTest {
    @Test
    void theSettingsPageMatchesTheSettingsTable() throws Exception {
        String page = Files.readString(Path.of("..", "docs", "SETTINGS.md"));
        String begin = "<!-- settings:begin -->\n";
        String end = "<!-- settings:end -->";
        assertThat(page).contains(begin).contains(end);
        String section = page.substring(page.indexOf(begin) + begin.length(), page.indexOf(end));
        assertThat(section)
                .as("docs/SETTINGS.md's settings table is out of date: replace it with the output of `./sluice settings`")
                .isEqualTo(Engines.settingsMarkdown());
    }
}
