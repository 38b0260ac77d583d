package io.sluice.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.engine.Engines;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's settings table is generated from the declarative settings table and the settings every
 * built-in plugin declares (the driver's class path holds them all), never kept by hand.
 */
class ReadmeSettingsTest {
    @Test
    void readmeSettingsSectionMatchesTheSettingsTable() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String begin = "<!-- settings:begin -->\n";
        String end = "<!-- settings:end -->";
        assertThat(readme).contains(begin).contains(end);
        String section = readme.substring(readme.indexOf(begin) + begin.length(), readme.indexOf(end));
        assertThat(section)
                .as("README.md's settings table is out of date: replace it with the output of `./sluice settings`")
                .isEqualTo(Engines.settingsMarkdown());
    }
}
