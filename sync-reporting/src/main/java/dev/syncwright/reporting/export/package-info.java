/**
 * Exports of the sync report and the sync log: {@link dev.syncwright.reporting.export.CsvExporter} (RFC 4180,
 * formula injection neutralised) and {@link dev.syncwright.reporting.export.JsonExporter} (Jackson streaming).
 */
package dev.syncwright.reporting.export;
