package io.sluice.crash;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the rows a crash child wrote (id, grp, n, payload), in id order with the plain driver, and compares
 * them with the acknowledgements.
 *
 * @param rows rows read
 * @param lost acknowledged ids not in the table
 * @param duplicated rows whose id another row already has
 * @param unacknowledged ids in the table that were never acknowledged (allowed: the ack was lost in the kill)
 * @param brokenGroups INSERTs with some of their rows only
 * @param badPayloads rows whose values do not belong together
 */
record TableCheck(long rows, long lost, long duplicated, long unacknowledged, long brokenGroups, long badPayloads, List<Long> lostSample,
        List<Long> duplicatedSample) {

    boolean clean() {
        return lost == 0 && duplicated == 0 && brokenGroups == 0 && badPayloads == 0;
    }

    /** Checks the rows from id {@code from} on against {@code acked}. */
    static TableCheck of(CrashTarget target, IdSet acked, long from) throws SQLException {
        IdSet seen = new IdSet();
        long rows = 0;
        long duplicated = 0;
        long unacknowledged = 0;
        long broken = 0;
        long badPayloads = 0;
        List<Long> duplicatedSample = new ArrayList<>();
        try (Connection connection = target.plain()) {
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT id, grp, n, payload FROM " + target.table + " WHERE id >= ? ORDER BY id")) {
                statement.setLong(1, from);
                statement.setFetchSize(10_000);
                try (ResultSet result = statement.executeQuery()) {
                    long group = Long.MIN_VALUE;
                    int expected = 0;
                    int distinct = 0;
                    while (result.next()) {
                        long id = result.getLong(1);
                        long grp = result.getLong(2);
                        int n = result.getInt(3);
                        rows++;
                        if (!("p" + id).equals(result.getString(4)) || id < grp || id >= grp + n) {
                            badPayloads++;
                        }
                        if (!seen.add(id)) {
                            duplicated++;
                            if (duplicatedSample.size() < 10) {
                                duplicatedSample.add(id);
                            }
                            continue;
                        }
                        if (!acked.contains(id)) {
                            unacknowledged++;
                        }
                        // Rows come in id order and an INSERT's ids are consecutive: its rows are adjacent.
                        if (grp != group) {
                            broken += group != Long.MIN_VALUE && distinct != expected ? 1 : 0;
                            group = grp;
                            expected = n;
                            distinct = 0;
                        }
                        distinct++;
                    }
                    broken += group != Long.MIN_VALUE && distinct != expected ? 1 : 0;
                }
            }
            connection.rollback();
        }
        long[] lost = {0};
        List<Long> lostSample = new ArrayList<>();
        acked.forEachFrom(from, id -> {
            if (!seen.contains(id)) {
                lost[0]++;
                if (lostSample.size() < 10) {
                    lostSample.add(id);
                }
            }
        });
        return new TableCheck(rows, lost[0], duplicated, unacknowledged, broken, badPayloads, lostSample, duplicatedSample);
    }
}
