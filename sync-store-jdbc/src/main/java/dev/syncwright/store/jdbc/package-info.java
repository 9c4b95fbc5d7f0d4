/**
 * Syncwright's state in a database: {@link dev.syncwright.store.jdbc.JdbcStores} builds, on a host's
 * {@link javax.sql.DataSource}, the run journal with the sync report (a {@link dev.syncwright.reporting.ReportStore})
 * and the {@link dev.syncwright.core.connection.ConnectionStore}, on H2 or PostgreSQL, with versioned DDL shipped
 * as resources. {@link dev.syncwright.store.jdbc.ConnectionStateJson} is the JSON form of a connection's state.
 */
package dev.syncwright.store.jdbc;
