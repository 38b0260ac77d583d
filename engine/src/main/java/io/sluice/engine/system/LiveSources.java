package io.sluice.engine.system;

import java.util.List;
import java.util.function.Supplier;

/**
 * Where the live tables of one read take their rows: the engine's state, and the reading session's
 * settings. Each source is asked only by the table that shows it, only when a query names that table.
 */
record LiveSources(SystemTables.LiveState engine, Supplier<List<SystemTables.SettingRow>> settings) {}
