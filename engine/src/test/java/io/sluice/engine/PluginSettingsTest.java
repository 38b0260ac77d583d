package io.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.engine.session.Session;
import org.junit.jupiter.api.Test;

/** What a plugin sees of the settings given at each level. */
class PluginSettingsTest extends EngineTestBase {
    @Test
    void aPluginSettingGivenInTheUrlIsVisibleThroughTheBufferView() throws Exception {
        TestPlugins.SEEN.set(null);
        Session session = connect("async_insert_flush_policy=test-settings-probe&" + TestPlugins.PROBED + "=1234");
        update(session, "CREATE TABLE t (a INTEGER)");
        assertThat(update(session, "INSERT INTO t VALUES (1)")).isEqualTo(1);
        assertThat(TestPlugins.SEEN.get()).isEqualTo("1234");
    }

    @Test
    void aSessionSetAndAStatementSettingStackOnTheEngineLayer() throws Exception {
        TestPlugins.SEEN.set(null);
        Session session = connect(TestPlugins.PROBED + "=1234");
        update(session, "CREATE TABLE t (a INTEGER)");
        update(session, "SET async_insert_flush_policy = 'test-settings-probe'");
        assertThat(update(session, "INSERT INTO t SETTINGS async_insert_max_query_number = 7 VALUES (1)")).isEqualTo(1);
        assertThat(TestPlugins.SEEN.get()).isEqualTo("1234");
        assertThat(query(session, "SELECT value FROM system.settings WHERE name = '" + TestPlugins.PROBED + "'")).containsExactly("1234");
    }
}
