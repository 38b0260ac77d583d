package io.sluice.parser;

/** A statement as Sluice classifies it; immutable. */
public sealed interface Statement
        permits InsertStatement, SetStatement, SystemFlushQueueStatement, SystemFlushLogsStatement, SystemReplayDeadLetterStatement,
                SystemQueryStatement, PassThroughStatement {}
