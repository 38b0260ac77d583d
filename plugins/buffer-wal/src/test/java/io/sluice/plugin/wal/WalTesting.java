package io.sluice.plugin.wal;

import io.sluice.spi.BufferEntry;
import io.sluice.spi.Clock;
import io.sluice.spi.PluginConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Shared helpers: open a buffer on real files, build entries, find records in a segment file. */
final class WalTesting {
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private WalTesting() {}

    /** Opens a wal buffer in {@code directory}; {@code settings} are name/value pairs. */
    static WalBuffer open(Path directory, Clock clock, String... settings) throws SQLException {
        return WalBuffer.open(WalSettings.parse(config(directory, settings), "postgresql://h/db"), clock);
    }

    static WalBuffer open(Path directory, String... settings) throws SQLException {
        return open(directory, Clock.system(), settings);
    }

    static PluginConfig config(Path directory, String... settings) {
        Map<String, String> values = new HashMap<>();
        values.put(WalSettings.DIRECTORY, directory.toString());
        for (int i = 0; i < settings.length; i += 2) {
            values.put(settings[i], settings[i + 1]);
        }
        return PluginConfig.of(values);
    }

    /** A raw-data entry whose INSERT text ends with {@code values}. */
    static BufferEntry entry(String keyId, String queryId, String values) {
        String head = "INSERT INTO t FORMAT Values ";
        return new BufferEntry(SEQUENCE.incrementAndGet(), keyId, queryId, 1_767_225_600_000_000L + SEQUENCE.get(), head + values,
                head.length(), null, values.length(), "", "");
    }

    /** The segment files of a directory, oldest first. */
    static List<Path> segmentFiles(Path directory) throws IOException {
        return WalDirectory.segmentFiles(directory);
    }

    /** Start offsets of the records in a segment file (which must be intact). */
    static List<Integer> recordOffsets(Path segment) throws IOException {
        byte[] bytes = Files.readAllBytes(segment);
        ByteBuffer view = ByteBuffer.wrap(bytes);
        List<Integer> offsets = new ArrayList<>();
        int position = WalCodec.SEGMENT_HEADER_BYTES;
        while (position < bytes.length) {
            offsets.add(position);
            position += WalCodec.RECORD_HEADER_BYTES + view.getInt(position + 4);
        }
        return offsets;
    }

    /** The query ids of entries, in order. */
    static List<String> queryIds(List<BufferEntry> entries) {
        return entries.stream().map(BufferEntry::queryId).toList();
    }
}
