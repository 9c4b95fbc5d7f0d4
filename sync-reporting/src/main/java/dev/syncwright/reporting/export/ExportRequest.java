package dev.syncwright.reporting.export;

import dev.syncwright.reporting.ReportFilter;
import dev.syncwright.reporting.ReportSort;

import java.util.Objects;

/**
 * What an export writes: every entry that matches a filter (all pages), in an order, with the optional columns.
 * Immutable.
 *
 * @param filter         which entries, not null
 * @param sort           their order, not null
 * @param latestSyncInfo whether to add {@code latestSyncTime, latestSyncResult, latestSyncRunId}
 * @param ids            whether to add {@code sourceId, endpointId}
 */
public record ExportRequest(ReportFilter filter, ReportSort sort, boolean latestSyncInfo, boolean ids) {
    /**
     * Creates the value, checking its components.
     *
     * @param filter which entries, not null
     * @param sort their order, not null
     * @param latestSyncInfo whether to add {@code latestSyncTime, latestSyncResult, latestSyncRunId}
     * @param ids whether to add {@code sourceId, endpointId}
     */
    public ExportRequest {
        Objects.requireNonNull(filter, "filter must not be null");
        Objects.requireNonNull(sort, "sort must not be null");
    }

    /**
     * @param filter which entries, not null
     * @return the entries matching {@code filter}, newest first, without the optional columns
     */
    public static ExportRequest of(ReportFilter filter) {
        return new ExportRequest(filter, ReportSort.NEWEST_FIRST, false, false);
    }

    /**
     * @param order the order, not null
     * @return this request in another order
     */
    public ExportRequest sortedBy(ReportSort order) {
        return new ExportRequest(filter, order, latestSyncInfo, ids);
    }

    /**
     * @param include true to add the columns
     * @return this request with or without the latest sync info columns
     */
    public ExportRequest withLatestSyncInfo(boolean include) {
        return new ExportRequest(filter, sort, include, ids);
    }

    /**
     * @param include true to add the columns
     * @return this request with or without the source id and endpoint id columns
     */
    public ExportRequest withIds(boolean include) {
        return new ExportRequest(filter, sort, latestSyncInfo, include);
    }
}
