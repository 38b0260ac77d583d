package io.sluice.parser;

import java.util.List;

/** {@code SYSTEM FLUSH ASYNC INSERT QUEUE [tables]}; an empty list means every table. Immutable. */
public record SystemFlushQueueStatement(List<QualifiedName> tables) implements Statement {
    public SystemFlushQueueStatement {
        tables = List.copyOf(tables);
    }
}
