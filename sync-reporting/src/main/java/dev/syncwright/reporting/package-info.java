/**
 * The sync report: one {@link dev.syncwright.reporting.ReportEntry} per record attempted in a run, kept in a
 * {@link dev.syncwright.reporting.ReportStore}, fed by a {@link dev.syncwright.reporting.ReportingListener},
 * queried with a {@link dev.syncwright.reporting.ReportQuery}, re-sent with {@link dev.syncwright.reporting.Resync},
 * purged by {@link dev.syncwright.reporting.ReportRetention}; plus the per-run
 * {@link dev.syncwright.reporting.SyncLogEvent sync log}. Exports live in {@code dev.syncwright.reporting.export}.
 */
package dev.syncwright.reporting;
