/**
 * JDBC connectors: {@link dev.syncwright.connectors.jdbc.JdbcSource} reads tables or queries by keyset
 * paging (optionally incrementally by an updated-at column); {@link dev.syncwright.connectors.jdbc.JdbcDestination}
 * upserts by key, one transaction per batch, on H2 and PostgreSQL. Drivers are not brought along: put the
 * one you need on the class path.
 */
package dev.syncwright.connectors.jdbc;
