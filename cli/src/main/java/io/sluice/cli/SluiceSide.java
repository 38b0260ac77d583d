package io.sluice.cli;

import java.sql.Connection;

/**
 * What the phases through Sluice run with (the baselines are the plain JDBC side): the run's context, the
 * control connection on which they create their tables and count their rows, the system tables read
 * through it, and the runner of their client threads.
 *
 * @param control a Sluice connection of the run's own, used by no client
 */
record SluiceSide(BenchContext context, Connection control, SystemTables system, ClientRunner clients) {}
