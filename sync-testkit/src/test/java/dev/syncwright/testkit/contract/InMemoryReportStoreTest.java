package dev.syncwright.testkit.contract;

import dev.syncwright.reporting.InMemoryReportStore;
import dev.syncwright.reporting.ReportStore;

import java.time.Clock;

/** The in-memory report store passes the report store contract, the journal contract included. */
class InMemoryReportStoreTest extends ReportStoreContract {
    @Override
    protected ReportStore newStore(Clock clock) {
        return new InMemoryReportStore(clock);
    }
}
