package io.sluice.parser.format;

import io.sluice.spi.ColumnInfo;
import java.util.List;

/**
 * Reads inline data in one format into typed rows. Stateless and thread-safe. Implementations are the hot
 * path of a flush: hand-written, no regex, values parsed in place and pushed to a {@link RowSink}.
 */
public interface FormatReader {
    /**
     * Parses {@code data} from {@code start} to its end. Each row handed to {@code sink} has one value per
     * entry of {@code columns}, converted and checked by {@link ValueConverter}; a column a row omits
     * (JSONEachRow, CSVWithNames) holds {@link io.sluice.spi.Part#DEFAULT}.
     *
     * @return the number of rows read
     * @throws DataParseException at the first bad value, naming the row, the column and what was expected
     */
    int read(String data, int start, List<ColumnInfo> columns, RowSink sink) throws DataParseException;
}
