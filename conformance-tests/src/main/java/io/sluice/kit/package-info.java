/**
 * The plugin kit: the contracts of Sluice's three kinds of plugin, as abstract JUnit 5 tests a plugin
 * author extends from a test of their own, with this artifact ({@code sluice-conformance-tests}) added
 * with {@code test} scope.
 *
 * <ul>
 *   <li>{@link io.sluice.kit.FlushPolicyKit} — a flush policy honours the hard limits, never answers a
 *       check-again time in the past, is deterministic and thread-safe, flushes a buffer left alone,
 *       answers for empty buffers, and keeps per-table state deterministically if it has any;</li>
 *   <li>{@link io.sluice.kit.BufferKit} — a buffer returns every entry exactly once across drains and
 *       recoveries, in order, from many threads, and, if it declares itself durable, keeps what was not
 *       released across a restart;</li>
 *   <li>{@link io.sluice.kit.StorageKit} — a storage reports tables faithfully, writes parts
 *       all-or-nothing, classifies errors, applies defaults, and keeps its ledger in the rows'
 *       transaction if it has one.</li>
 * </ul>
 *
 * <p>Every kit also checks the factory: its name, its registration in
 * {@code META-INF/services/io.sluice.spi.Plugin}, its declared settings and the validation of their
 * values. The author supplies the factory (found with {@link io.sluice.kit.KitPlugins}, as the engine
 * finds it) and, where a kit asks, a capability list: the kit tests what is declared and the correct
 * refusal or absence of what is not. Plugins run on the kit's {@link io.sluice.spi.ManualClock}; the
 * fixtures ({@link io.sluice.kit.BufferViewFixture}, {@link io.sluice.kit.BufferEntries},
 * {@link io.sluice.kit.KitSettings}) serve the author's own tests too.
 */
package io.sluice.kit;
