/**
 * The sync report: the query side of the run journal. A {@link dev.syncwright.reporting.ReportStore} is the
 * engine's journal and answers the report screen: one {@link dev.syncwright.reporting.ReportEntry} per record
 * attempted, selected with a {@link dev.syncwright.reporting.ReportFilter}, ordered and paged with a
 * {@link dev.syncwright.reporting.PageRequest} and its {@link dev.syncwright.reporting.ReportCursor}, re-sent with
 * {@link dev.syncwright.reporting.Resync}, purged by {@link dev.syncwright.reporting.ReportRetention}; plus the
 * per-run sync log. Exports live in {@code dev.syncwright.reporting.export}.
 */
package dev.syncwright.reporting;
