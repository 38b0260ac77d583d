package io.sluice.plugin.jdbc;

import java.sql.SQLTransactionRollbackException;

/**
 * Another writer recorded one of a part's block ids in the ledger at the same time, so the unique key
 * refused ours and the transaction rolled back. Transient by nature: a retry finds the id and skips the
 * block, which is exactly-once working as intended. SQLState 40001, as a serialization failure.
 */
final class LedgerConflictException extends SQLTransactionRollbackException {
    private static final long serialVersionUID = 1L;

    LedgerConflictException(String message, Throwable cause) {
        super(message, "40001", cause);
    }
}
